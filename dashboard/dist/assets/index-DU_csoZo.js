var e=Array.isArray,t=Array.prototype.indexOf,n=Array.prototype.includes,r=Array.from,i=Object.defineProperty,a=Object.getOwnPropertyDescriptor,o=Object.getOwnPropertyDescriptors,s=Object.prototype,c=Array.prototype,l=Object.getPrototypeOf,u=Object.isExtensible,d=()=>{};function f(e){return e()}function p(e){for(var t=0;t<e.length;t++)e[t]()}function m(){var e,t;return{promise:new Promise((n,r)=>{e=n,t=r}),resolve:e,reject:t}}function h(e,t){if(Array.isArray(e))return e;if(t===void 0)return Array.from(e);if(!(Symbol.iterator in Object(e))){let n=Math.min(t,e.length);return Array.from({length:n},(t,n)=>e[n])}let n=[];for(let r of e)if(n.push(r),n.length===t)break;return n}var g=1024,_=2048,v=4096,y=8192,b=16384,x=32768,S=1<<25,C=65536,w=1<<19,T=1<<20,E=1<<25,D=1<<21,ee=1<<22,O=1<<23,k=1<<26,te=Symbol(`$state`),ne=Symbol(`component`),re=Symbol(`legacy props`),ie=Symbol(``),ae=Symbol(`attributes`),oe=Symbol(`class`),se=Symbol(`style`),ce=Symbol(`text`),le=Symbol(`form reset`);new class extends Error{name=`StaleReactionError`;message="The reaction that called `getAbortSignal()` was re-run or destroyed"};var ue=!!globalThis.document?.contentType&&globalThis.document.contentType.includes(`xml`),de={},fe=Symbol(`uninitialized`),pe=`http://www.w3.org/2000/svg`,me=`http://www.w3.org/1998/Math/MathML`;function he(){console.warn(`https://svelte.dev/e/derived_inert`)}function ge(e){console.warn(`https://svelte.dev/e/hydration_mismatch`)}function _e(){console.warn(`https://svelte.dev/e/select_multiple_invalid_value`)}function ve(){console.warn(`https://svelte.dev/e/svelte_boundary_reset_noop`)}var A=!1;function ye(e){A=e}var j;function be(e){if(e===null)throw ge(),de;return j=e}function xe(){return be(pn(j))}function M(e){if(A){if(pn(j)!==null)throw ge(),de;j=e}}function Se(e=1){if(A){for(var t=e,n=j;t--;)n=pn(n);j=n}}function Ce(e=!0){for(var t=0,n=j;;){if(Sn(n)===8){var r=Mn(n)??``;if(r===`]`){if(t===0)return n;--t}else(r===`[`||r===`[!`||r.startsWith(`[?`)||r[0]===`[`&&!isNaN(Number(r.slice(1))))&&(t+=1)}var i=pn(n);e&&kn(n),n=i}}function we(e){if(!e||Sn(e)!==8)throw ge(),de;return Mn(e)??``}function Te(e){return e===this.v}function Ee(e,t){return e==e?e!==t||typeof e==`object`&&!!e||typeof e==`function`:t==t}function De(e){return!Ee(e,this.v)}function Oe(e,t,n){throw Error(`https://svelte.dev/e/each_key_duplicate`)}function ke(e){throw Error(`https://svelte.dev/e/effect_in_teardown`)}function Ae(){throw Error(`https://svelte.dev/e/effect_in_unowned_derived`)}function je(e){throw Error(`https://svelte.dev/e/effect_orphan`)}function Me(){throw Error(`https://svelte.dev/e/effect_update_depth_exceeded`)}function Ne(){throw Error(`https://svelte.dev/e/invalid_bundler_config`)}function Pe(e){throw Error(`https://svelte.dev/e/props_invalid_value`)}function Fe(){throw Error(`https://svelte.dev/e/state_descriptors_fixed`)}function Ie(){throw Error(`https://svelte.dev/e/state_prototype_fixed`)}function Le(){throw Error(`https://svelte.dev/e/state_unsafe_mutation`)}function Re(){throw Error(`https://svelte.dev/e/svelte_boundary_reset_onerror`)}var ze=!1;function Be(){ze=!0}var Ve=[];function He(){var e=Ve;Ve=[],p(e)}function Ue(e){if(Ve.length===0&&!Tt){var t=Ve;queueMicrotask(()=>{t===Ve&&He()})}Ve.push(e)}function We(){for(;Ve.length>0;)He()}var Ge=~(_|v|g);function Ke(e,t){e.f=e.f&Ge|t}function qe(e){e.f&512||e.edges===null?Ke(e,g):Ke(e,v)}var Je=null;function Ye(e){Je=e}function Xe(e,t=!1,n){Je={p:Je,i:!1,c:null,e:null,s:e,x:null,r:Or,l:ze&&!t?{s:null,u:null,$:[]}:null}}function Ze(e){var t=Je,n=t.e;if(n!==null){t.e=null;for(var r of n)Xn(r)}return e!==void 0&&(t.x=e),t.i=!0,Je=t.p,Qe(e)}function Qe(e={}){return i(e,ne,{value:!0}),e}function $e(){return!ze||Je!==null&&Je.l===null}var et=null;function tt(e,t,n,r){r(t.map($e()?rt:at))}function nt(e){for(;e.merged!==null;)e=e.merged;return e}function rt(e){var t=2|_;return Or!==null&&(Or.f|=w),{ctx:Je,deps:null,dv:null,edges:null,effects:null,equals:Te,f:t,fn:e,reactions:null,rv:0,v:fe,wv:0,parent:Or,ac:null}}var it=Symbol(`obsolete`);function N(e){let t=rt(e);return jr(t),t}function at(e){let t=rt(e);return t.equals=De,t}function ot(e){var t=e.effects;if(t!==null){e.effects=null;for(var n=0;n<t.length;n+=1)sr(t[n])}}function st(e){var t=Or,n=e.parent;if(!xr&&n!==null&&e.v!==fe&&n.f&24576)return he(),qe(e),e.v;kr(n);try{return ot(e),ai(e)}finally{kr(t)}}function ct(e){var t=e;if($r(t)){var n=St?.records,r=n?.get(t);r!==void 0&&Xr(r.deps,r.dv)?(n.delete(t),fi(t,r)):st(t)}}function lt(e){var t=xt,n=t.get(e);if(n!==void 0||Hr!==null&&!(e.f&512)&&(n=Kr(e),n!==void 0))return n;var r=Ur,i=St,a=bt.get(e),o=a??e,s=a===void 0?(e.f&k)!==0:a.assigned,c=i.get_record(e);return s&&!Zr((c??e).deps,o.wv)?n=o:c!==void 0&&Xr(c.deps,c.dv)?n=c:a===void 0&&!s&&e.dv!==null&&Xr(e.deps,e.dv)?n=e:(st(e),n=i.records?.get(e)??e),e.f&512?t.set(e,n):Hr!==null&&qr(e,n,r),n}function ut(e){if(e.effects!==null)for(let t of e.effects)(t.teardown||t.f&0x8000000)&&(t.teardown?.(),t.fn!==null&&(t.teardown=d),_i(t),ar(t))}function dt(e){if(e.effects!==null)for(let t of e.effects)t.teardown&&t.fn!==null&&vi(t)}var ft=null,pt=null,mt=null,ht=null,gt=null;function _t(e){gt=e}function vt(e){var t=gt={reverted_values:new Map(gt?.reverted_values),derived_cache:new Map,parent:gt};for(let[n,r]of e??[])t.reverted_values.set(n,r);return t}function yt(e){for(var t=gt;t!==null;t=t.parent)t.reverted_values.delete(e),t.derived_cache.clear()}var bt=null,xt=null,St=null,Ct=null,wt=new Set,Tt=!1,Et=null,Dt=null,Ot=0,kt=null,At=0,jt=1,Mt=null,Nt=class e{id=jt++;started=!1;linked=!0;prev=null;next=null;async_deriveds=new Map;current=new Map;previous=new Map;records=null;folded=[];#e=new Map;#t=new Map;#n=new Map;#r=[];#i=null;#a=new Map;#o=[];#s=new Set;#c=new Set;is_fork=!1;merged=null;merge_requests=new Set;#l=!1;constructor(){pt===null?ft=pt=this:(pt.next=this,this.prev=pt),pt=this}#u(){return!1}#d(e){return this.#s.has(e)||!!(e.f&33554432)&&!this.#c.has(e)}is_skipped(e){for(var t=e;t!==null;t=t.parent)if(this.#d(t))return!0;return!1}is_blocked_by(e,t=null){return!1}is_boundary_ready(e){return!0}skip_effect(e){this.#s.add(e),this.#c.delete(e)}unskip_effect(e){(this.#s.delete(e)||!this.#c.has(e)&&(e.f&33554432||this.folded.some(t=>t.#s.has(e))))&&this.revalidate_branch(e),this.#c.add(e)}unskip_new_effect(e){this.#c.add(e)}revalidate_branch(e){for(var t=e.first;t!==null;t=t.next){var n=t.f;!(n&24576)&&!this.#d(t)&&(!(n&131168)&&t.fn!==null&&this.schedule(t,v),this.revalidate_branch(t))}}#f(){var e=[];for(let i of this.#o)if(!(i.f&16384||!(i.f&6144))){for(var t=i,n=!1;t.parent!==null;){t=t.parent;var r=t.f;if(r&96){if(!(r&1024)){n=!0;break}t.f^=g}}n||e.push(t)}return this.#o=[],e}#p(){for(var e=this;e!==null;)e=e.#m()}#m(){if(mt=ht=this,this.#r.length>0){for(let e of this.#r){var t=this.#n.get(e)??0;t<=1?this.#n.delete(e):this.#n.set(e,t-1)}this.#r.length=0}if(gt?.derived_cache.clear(),this.started=!0,Mt=this.id,this.#a.size>0){for(let[e,t]of this.#a)this.#S(e,t);this.#a.clear()}this.activate();for(var n=Et=[],r=[],i=Dt=[];this.#o.length>0;){Ot++>1e3&&(this.#w(),Ft());for(let e of this.#f())try{this.#h(e,n,r)}catch(t){throw Gt(e,!0),this.#u()||this.discard(),t}if(this.#o.length>0){for(let e of r)this.#o.push(e);for(let e of n)this.#o.push(e);r.length=0,n.length=0}}if(mt=null,i.length>0){var a=e.ensure();for(let e of i)e.f&1024||a.schedule(e,v)}if(Et=null,Dt=null,this.merge_requests.size>0){let e=Array.from(this.merge_requests,nt).filter(e=>e!==this&&e.linked&&!e.is_fork).sort((e,t)=>e.id-t.id);if(this.merge_requests.clear(),e.length>0){this.#b(r),this.#b(n);for(var o=this,s=e.length;s--;){var c=e[s];c!==o&&(c.#v(o),o=c)}return o}}if(this.#u()){this.#b(r),this.#b(n);for(let e of this.#s)Gt(e);return i.length>0?mt:null}let l=this.#g();if(l)return this.#b(r),this.#b(n),l.#v(this),l;this.#C(!0),this.#x(this.#e);var u=It,d=Lt;try{It=!0,Vt(n,Vt(r))}finally{It=u,Lt=d}this.#i?.resolve();var f=mt;if(this.#n.size===0&&(this.#o.length===0||f!==null)&&this.#w(),f!==null&&gt!==null)for(let[e,t]of gt.reverted_values)f.previous.get(e)?.wv!==t.wv&&gt.reverted_values.delete(e);return f}#h(e,t,n){e.f^=g;for(var r=e.first;r!==null;){var i=r.f,a=!!(i&96);if(!(a&&i&1024||i&139264||this.#d(r))&&r.fn!==null){a?r.f^=g:i&4?t.push(r):$r(r)&&vi(r);var o=r.first;if(o!==null){r=o;continue}}for(;r!==null;){var s=r.next;if(s!==null){r=s;break}r=r.parent}}}#g(){for(var e=this.prev;e!==null;e=e.prev)if(!e.is_fork&&this.#_(e))return e;return null}#_(e){for(let t of this.current.keys())if(e.current.has(t))return!0;return!1}#v(e){for(let t of e.merge_requests)this.merge_requests.add(t);e.merge_requests.clear();for(let[t,n]of e.current){if(!this.previous.has(t)){let n=e.previous.get(t);n&&this.previous.set(t,n)}this.current.set(t,n)}for(let[t,n]of e.async_deriveds){let e=this.async_deriveds.get(t);e&&e!==n&&n.promise.then(e.resolve,e.reject),this.async_deriveds.set(t,n)}for(let[t,n]of e.records??[])t.f&16||(this.records?.get(t),(this.records??=new Map).set(t,n),e.records?.delete(t));if(e.async_deriveds.clear(),e.#n.size>0){for(let[t,n]of e.#n)this.#n.set(t,(this.#n.get(t)??0)+n);e.#n.clear()}if(e.#r.length>0){for(let t of e.#r)this.#r.push(t);e.#r.length=0}if(e.#a.size>0){for(let[t,n]of e.#a)this.#y(t,n);e.#a.clear()}let t=()=>e.discard();this.oncommit(t),this.ondiscard(t),e.merged=this,e.#w()}#y(e,t){(t===2048||this.#a.get(e)!==2048)&&this.#a.set(e,t)}#b(e){for(var t=0;t<e.length;t+=1){var n=e[t],r=n.f&(_|v);r!==0&&(this.#y(n,n.dv===null?v:r),Ke(n,g))}}capture(e,t,n,r=!1,i=null){var a=this.previous.get(e),o=Ht(this,e);a===void 0&&(a=o?.previous.get(e),a===void 0&&e.v!==fe&&(a={v:e.v,wv:e.wv,e:(e.f&O)!==0,assigned:(e.f&k)!==0}),a!==void 0&&this.previous.set(e,a)),xr?yt(e):a!==void 0&&(gt?.reverted_values.set(e,a),gt?.derived_cache.clear());var s={v:t,wv:n?e.wv:Jr(),e:r,assigned:!!(e.f&2),async:(e.f&ee)!==0};this.current.set(e,s),It&&(Lt??=new Set).add(e),bt?.set(e,s),n&&Wr(),xt?.delete(e),!this.is_fork&&o!==null&&o.previous.set(e,s),!this.is_fork&&!n&&o===null&&Ut(e,s),n||(kt=null,At=0,this.mark(e,_,i),kt=null,Qn&&Kt.size>0&&!qt&&$t())}deactivate(){mt=ht=bt=xt=St=null}flush(){var e=vt(this.previous);try{if(this.#p(),wt.size>0)for(let e of wt)wt.delete(e),e.linked&&!e.#l&&e.#p()}finally{Ot=0,Ct=null,Et=null,Dt=null,gt=e.parent,this.deactivate()}}discard(){this.#x(this.#t);for(let e of this.async_deriveds.values())e.reject(it);this.#w(),this.#i?.resolve()}commit_writes(){}increment(e){}decrement(e){}oncommit(e){this.#e.set(e,zt?.size?zt:null)}ondiscard(e){this.#t.set(e,zt?.size?zt:null)}#x(e){wi(()=>{for(let[n,r]of e)if(r===null)n(this);else{var t=vt();for(let[e,n]of r)t.reverted_values.has(e)&&t.reverted_values.set(e,n);try{n(this)}finally{gt=t.parent}}}),e.clear()}settled(){return(this.#i??=m()).promise}static ensure(){if(mt===null){let t=mt=new e;ht===null&&!Tt&&Ue(()=>{t.started||t.flush()})}return mt}activate(){mt=this,St=this,Mt!==this.id&&(Mt=null),bt=xt=null}get_record(e){for(var t=this.records?.get(e),n=this.folded.length;t===void 0&&n--;)t=this.folded[n].records?.get(e);return t}mark(e,t,n=null){var r=e.reactions;if(r!==null){var i=$e(),a=r.length;if(At+=a,At>1e5&&kt===null&&(kt=new Set),kt!==null){if(kt.has(e))return;kt.add(e)}for(var o=0;o<a;o++){var s=r[o],c=s.f;if(i||s!==Or){var l=(c&_)===0;if(Qn&&c&131072)this.is_fork||(l&&Ke(s,t),Kt.add(s));else if(c&2){l&&Ke(s,t);var u=s;xt?.delete(u),this.mark(u,v,n)}else if(l){var d=s;c&16&&Rt!==null&&(Ke(d,t),Rt.add(d)),n===null?this.schedule(d,t):(Ke(d,t),n.push(d))}}}}}schedule(e,t){if(Ct=e,St!==null&&St!==this&&e!==Tr)this.#y(e,e.f&2097152?t:v);else{if(ht!==this&&Tr===null){if(this.prev!==null||this.next!==null||this.is_fork){this.#y(e,v);return}t=v}this.#S(e,t)}}#S(e,t){e.f&2048||Ke(e,t),this.#o.push(e)}#C(e=!1){var t=this.records;if(t!==null){this.records=null;for(let[r,i]of t)if(!(r.f&16386)){var n=!!(r.f&4194304)&&ni(i)&&!ni(r);if(e&&!n&&(fi(r,i),r.f&4194304))for(let e=ft;e!==null;e=e.next)e!==this&&!e.records?.has(r)&&e.async_deriveds.get(r)?.reject(it);mi(r)}}}#w(){if(this.linked){var e=this.prev,t=this.next;e===null?ft=t:e.next=t,t===null?pt=e:t.prev=e,this.linked=!1,this.#C()}}};function Pt(e){var t=Tt,n=St===mt?null:St;Tt=!0;try{var r;for(e&&(Pt(),r=e());;){if(We(),mt===null)return r;mt.flush()}}finally{Tt=t,St=n}}function Ft(){try{Me()}catch(e){Un(e,Ct)}}var It=!1,Lt=null,Rt=null,zt=null;function Bt(e){if((e.f&32772)!=4)return!1;for(var t=e.b;t!==null;t=t.parent)if(t.is_pending)return t.defer_effect(e),!0;return!1}function Vt(e,t=null){var n=e.length;if(n===0)return t;for(var r=0;r<n;){var i=e[r++];if(!(i.f&24576)&&!mt?.is_skipped(i)&&!Bt(i)&&$r(i)){Rt=new Set;var a=Lr;if(vi(i),i.edges===null&&i.first===null&&i.nodes===null&&i.teardown===null&&i.ac===null&&lr(i),Rt?.size>0){var o=gt;t!==null&&vt(t);var s=zt;zt=new Map(t);try{for(let e of Rt){if(e.f&24576||mt?.is_skipped(e))continue;let t=[e],n=e.parent;for(;n!==null;)Rt.has(n)&&(Rt.delete(n),t.push(n)),n=n.parent;for(let e=t.length-1;e>=0;e--){let n=t[e];n.f&24576||mt?.is_skipped(n)||vi(n)}}}finally{zt=s,Rt?.clear(),gt=o}}if(Lr!==a&&mt!==null&&Lt!==null)for(let e of Lt){var c=mt.current.get(e);c!==void 0&&c.wv>a&&(t??=new Map).set(e,c)}}Lt?.clear()}return Rt=null,t}function Ht(e,t){for(var n=e.next;n!==null&&(n.is_fork||!n.current.has(t));)n=n.next;return n}function Ut(e,t){Wr(),e.v=t.v,e.wv=t.wv,e.f=t.e?e.f|O:e.f&~O,e.f&2&&(e.f|=k,qe(e))}function Wt(e){var t=bt,n=xt,r=St;bt=xt=St=null;try{e()}finally{bt=t,xt=n,St=r}}function Gt(e,t=!1){if(!(!t&&e.f&32&&e.f&1024)){Ke(e,g);for(var n=e.first;n!==null;)Gt(n,t),n=n.next}}var Kt=new Set,qt=!1;function Jt(e,t){return{f:0,v:e,reactions:null,equals:Te,rv:0,wv:0}}function P(e,t){let n=Jt(e,t);return jr(n),n}function Yt(e,t=!1,n=!0){let r=Jt(e);return t||(r.equals=De),ze&&n&&Je!==null&&Je.l!==null&&(Je.l.s??=[]).push(r),r}function Xt(e){Tr!==null&&(!Er||Tr.f&131072)&&$e()&&Tr.f&4325394&&(Ar===null||!Ar.has(e))&&Le()}function F(e,t,n=!1){return Xt(e),Zt(e,t,n)}function Zt(e,t,n=!1){return Qt(e,n?I(t):t,Dt)}function Qt(e,t,n=null){var r=e.equals(t)&&!(e.f&8388608),i=bt?.get(e);if(!r||i!==void 0&&(i.e||!e.equals.call(i,t))){var a=Nt.ensure();(e.f&67110914)==2050&&st(e),a.capture(e,t,r,!1,n),$e()&&Or!==null&&Or.f&1024&&!(Or.f&96)&&(Fr===null?Ir([e]):Fr.push(e))}else xr&&yt(e);return t}function $t(){qt=!1,Wt(en)}function en(){for(let e of Kt){e.f&1024&&Ke(e,v);let t;try{t=$r(e)}catch{t=!0}t&&vi(e)}Kt.clear()}function tn(e){Zt(e,e.v+1)}function I(t){if(typeof t!=`object`||!t||te in t||ne in t)return t;let n=l(t);if(n!==s&&n!==c)return t;var r=new Map,i=e(t),o=P(0),u=null,d=zr,f=e=>{if(zr===d)return e();var t=Tr,n=zr;Dr(null),Br(d);var r=e();return Dr(t),Br(n),r};return i&&r.set(`length`,P(t.length,u)),new Proxy(t,{defineProperty(e,t,n){`value`in n&&n.configurable!==!1&&n.enumerable!==!1&&n.writable!==!1||Fe(),Xt(o);var i=r.get(t);return i===void 0?f(()=>{var e=P(n.value,u);return r.set(t,e),e}):Zt(i,n.value,!0),!0},deleteProperty(e,t){Xt(o);var n=r.get(t);if(n===void 0){if(t in e){let e=f(()=>P(fe,u));r.set(t,e),tn(o)}}else Zt(n,fe),tn(o);return!0},get(e,n,i){if(n===te)return t;var o=r.get(n),s=n in e;if(o===void 0&&(!s||a(e,n)?.writable)&&(o=f(()=>P(I(s?e[n]:fe),u)),r.set(n,o)),o!==void 0){var c=H(o);return c===fe?void 0:c}return Reflect.get(e,n,i)},getOwnPropertyDescriptor(e,t){this.has?.(e,t);var n=Reflect.getOwnPropertyDescriptor(e,t),i=r.get(t);if(i!==void 0){var a=H(i);if(a===fe)return;if(n&&`value`in n)n.value=a;else return{enumerable:!0,configurable:!0,value:a,writable:!0}}return n},has(e,t){if(t===te)return!0;var n=r.get(t),i=n!==void 0&&n.v!==fe||Reflect.has(e,t);return(n!==void 0||(Or!==null||Tr!==null)&&(!i||a(e,t)?.writable))&&(n===void 0&&(n=f(()=>P(i?I(e[t]):fe,u)),r.set(t,n)),H(n)===fe)?!1:i},set(e,t,n,s){Xt(o);var c=r.get(t),l=t in e;if(i&&t===`length`)for(var d=n;d<c.v;d+=1){var p=r.get(d+``);p===void 0?d in e&&(p=f(()=>P(fe,u)),r.set(d+``,p)):Zt(p,fe)}if(c===void 0)(!l||a(e,t)?.writable)&&(c=f(()=>P(void 0,u)),Zt(c,I(n)),r.set(t,c));else{l=c.v!==fe;var m=f(()=>I(n));Zt(c,m)}var h=Reflect.getOwnPropertyDescriptor(e,t);if(h?.set&&h.set.call(s,n),!l){if(i&&typeof t==`string`){var g=r.get(`length`),_=Number(t);Number.isInteger(_)&&_>=g.v&&Zt(g,_+1)}tn(o)}return!0},ownKeys(e){H(o);var t=Reflect.ownKeys(e).filter(e=>{var t=r.get(e);return t===void 0||t.v!==fe});for(var[n,i]of r)i.v!==fe&&!(n in e)&&t.push(n);return t},setPrototypeOf(){Ie()}})}function nn(e){try{if(typeof e==`object`&&e&&te in e)return e[te]}catch{}return e}function rn(e,t){return Object.is(nn(e),nn(t))}var an,on=Ne,sn=Ne;function cn(){if(an===void 0){an=window,/Firefox/.test(navigator.userAgent);var e=Element.prototype,t=Node.prototype,n=Text.prototype;on=a(t,`firstChild`).get,sn=a(t,`nextSibling`).get,u(e)&&(e[oe]=void 0,e[ae]=null,e[se]=void 0,e.__e=void 0),u(n)&&(n[ce]=void 0)}}function ln(e){return document.createTextNode(e)}function un(){return document.createTextNode(``)}function dn(){return document.createTextNode(``)}function fn(e){return on.call(e)}function pn(e){return sn.call(e)}function L(e,t){if(!A)return fn(e);var n=fn(j);if(n===null)n=En(j,un());else if(t&&Sn(n)!==3){var r=un();return Dn(n,r),be(r),r}return t&&bn(n),be(n),n}function R(e,t=!1){if(!A){var n=fn(e);return xn(n)&&Mn(n)===``?pn(n):n}if(t){if(Sn(j)!==3){var r=un();return j&&Dn(j,r),be(r),r}bn(j)}return j}function z(e,t=!1){if(!A)return fn(e);var n=L(e,t);return M(e),n}function B(e,t=1,n=!1){let r=A?j:e;for(var i;t--;)i=r,r=pn(r);if(!A)return r;if(n){if(Sn(r)!==3){var a=un();return r===null?i&&On(i,a):Dn(r,a),be(a),a}bn(r)}return be(r),r}function mn(e){e.textContent=``}function hn(){return zt!==null&&(Or.f&x)!==0}function gn(e,t,n){return t==null||t===`http://www.w3.org/1999/xhtml`?n?document.createElement(e,{is:n}):document.createElement(e):n?document.createElementNS(t,e,{is:n}):document.createElementNS(t,e)}function _n(){return document.createDocumentFragment()}function vn(e=``){return document.createComment(e)}function yn(e,t,n=``){if(t.startsWith(`xlink:`))e.setAttributeNS(`http://www.w3.org/1999/xlink`,t,n);else return e.setAttribute(t,n)}function bn(e){if(e.nodeValue.length<65536)return;let t=e.nextSibling;for(;t!==null&&Sn(t)===3;)t.remove(),e.nodeValue+=t.nodeValue,t=e.nextSibling}function xn(e){return e instanceof Comment}function Sn(e){if(e!=null)return e.nodeType}function Cn(e){return e.nodeName}function wn(e){return e.lastChild}function Tn(e){return e.parentNode}function En(e,t){return e.appendChild(t)}function Dn(e,t){e.before(t)}function On(e,t){e.after(t)}function kn(e){e.remove()}function An(e,t){return e.removeChild(t)}function jn(e,t){e.nodeValue=t}function Mn(e){return e.nodeValue}function Nn(e,t){e.value=t??``}function Pn(e,t){e.checked=t}function Fn(e,t){return e.getAttribute(t)}function In(e,t){e.removeAttribute(t)}function Ln(e,t){return e.hasAttribute(t)}function Rn(e,t){e.innerHTML=t}function zn(e,t,n,r){e.addEventListener(t,n,r)}function Bn(e,t,n,r){e.removeEventListener(t,n,r)}function Vn(e,t,n){e.classList.toggle(t,n)}function Hn(e){var t=Or;if(t===null)return e;if(!(t.f&32768)&&!(t.f&4))throw e;Un(e,t)}function Un(e,t){if(e===de)throw e;if(!(t!==null&&t.f&16384)){for(;t!==null;){if(t.f&128&&!(t.f&33570816)){if(!(t.f&32768))throw e;try{t.b.error(e);return}catch(t){e=t}}t=t.parent}throw e}}function Wn(e){Or===null&&(Tr===null&&je(e),Ae()),xr&&ke(e)}function Gn(e,t){var n=t.last;n===null?t.last=t.first=e:(n.next=e,e.prev=n,t.last=e)}function Kn(e,t){var n=Or;n!==null&&n.f&8192&&(e|=y);var r={ctx:Je,deps:null,dv:null,edges:null,nodes:null,f:e|_|512,first:null,fn:t,last:null,next:null,parent:n,b:n&&n.b,prev:null,teardown:null,wv:0,ac:null,r:et},i=r;if(e&4)Et===null?Nt.ensure().schedule(r,_):Et.push(r);else if(t!==null){try{vi(r)}catch(e){throw sr(r),e}i.edges===null&&i.teardown===null&&i.nodes===null&&i.first===i.last&&!(i.f&524288)&&(i=i.first,e&16&&e&65536&&i!==null&&(i.f|=C))}if(i!==null&&(i.parent=n,n!==null&&Gn(i,n),Tr!==null&&Tr.f&2&&!(e&64))){var a=Tr;(a.effects??=[]).push(i)}return r}function qn(){return Tr!==null&&!Er}function Jn(e){let t=Kn(8,null);return Ke(t,g),t.teardown=e,t}function Yn(e){Wn(`$effect`);var t=Or.f;if(!Tr&&t&32&&Je!==null&&!Je.i){var n=Je;(n.e??=[]).push(e)}else return Xn(e)}function Xn(e){return Kn(4|T,e)}function Zn(e){return Wn(`$effect.pre`),Kn(8|T,e)}var Qn=!1;function $n(e){Nt.ensure();let t=Kn(64|w,e);return(e={})=>new Promise(n=>{e.outro?ur(t,()=>{sr(t),n(void 0)}):(sr(t),n(void 0))})}function er(e){return Kn(4,e)}function tr(e,t=0){return Kn(8|t,e)}function V(e,t=[],n=[],r=[]){tt(r,t,n,t=>{Kn(8,()=>{e(...t.map(H))})})}function nr(e,t=0){return Kn(16|t,e)}function rr(e){return Kn(32|w,e)}function ir(e){var t=e.teardown;if(t!==null){let n=xr,r=Sr,i=gt,a=Tr;Cr(!0),Dr(null);try{t.call(null)}catch(t){Un(t,e.parent)}finally{Cr(n,r),_t(i),Dr(a)}}}function ar(e,t=!1){var n=e.first;for(e.first=e.last=null;n!==null;){var r=n.next;n.f&64?n.parent=null:sr(n,t),n=r}}function or(e){for(var t=e.first;t!==null;){var n=t.next;t.f&32||sr(t),t=n}}function sr(e,t=!0){var n=!1;try{(t||e.f&262144)&&e.nodes!==null&&e.nodes.end!==null&&(cr(e.nodes.start,e.nodes.end),n=!0),e.f|=S,ar(e,t&&!n),_i(e);var r=e.nodes&&e.nodes.t;if(r!==null)for(let e of r)e.stop();ir(e)}finally{}e.f^=S,e.f|=b;var i=e.parent;i!==null&&i.first!==null&&lr(e),e.next=e.prev=e.teardown=e.ctx=e.deps=e.dv=e.edges=e.fn=e.nodes=e.ac=e.b=e.r=null}function cr(e,t){for(;e!==null;){var n=e===t?null:pn(e);kn(e),e=n}}function lr(e){var t=e.parent,n=e.prev,r=e.next;n!==null&&(n.next=r),r!==null&&(r.prev=n),t!==null&&(t.first===e&&(t.first=r),t.last===e&&(t.last=n))}function ur(e,t,n=!0){var r=[];e.f|=256,dr(e,r,!0);var i=()=>{n&&sr(e),t&&t()},a=r.length;if(a>0){var o=gt,s=()=>{if(!--a){var e=gt;try{o&&(o.derived_cache.clear(),_t(o)),i()}finally{o&&_t(e)}}};for(var c of r)c.out(s)}else i()}function dr(e,t,n){if(!(e.f&8192)){e.f^=y;var r=e.nodes&&e.nodes.t;if(r!==null)for(let e of r)(e.is_global||n)&&t.push(e);for(var i=e.first;i!==null;){var a=i.next;if(!(i.f&64)){var o=!!(i.f&65536)||!!(i.f&32)&&!!(e.f&16);dr(i,t,o?n:!1)}i=a}}}function fr(e){e.f&=-257,pr(e,!0)}function pr(e,t){if(!(e.f&256)&&e.f&8192){e.f^=y,e.f&1024||Nt.ensure().schedule(e,v);for(var n=e.first;n!==null;){var r=n.next,i=!!(n.f&65536)||!!(n.f&32);pr(n,i?t:!1),n=r}var a=e.nodes&&e.nodes.t;if(a!==null)for(let e of a)(e.is_global||t)&&e.in()}}function mr(e,t){if(e.nodes)try{for(var n=e.nodes.start,r=e.nodes.end;n!==null;){var i=n===r?null:pn(n);En(t,n),n=i}}finally{}}var hr=null;function gr(e){A&&fn(e)!==null&&mn(e)}var _r=!1;function vr(){_r||(_r=!0,zn(document,`reset`,e=>{Promise.resolve().then(()=>{if(!e.defaultPrevented)for(let t of e.target.elements)t[le]?.()})},{capture:!0}))}function yr(e){var t=Tr,n=Or;Dr(null),kr(null);try{return e()}finally{Dr(t),kr(n)}}function br(e,t,n,r=n){e.addEventListener(t,()=>yr(n));let i=e[le];e[le]=i?()=>{i(),r(!0)}:()=>r(!0),vr()}var xr=!1,Sr=0;function Cr(e,t=Lr){xr=e,Sr=t}var wr={v:void 0,wv:0,e:!1,assigned:!1},Tr=null,Er=!1;function Dr(e){Tr=e}var Or=null;function kr(e){Or=e}var Ar=null;function jr(e){Tr!==null&&(Tr.f&2097152||Tr.f&2)&&(Ar??=new Set).add(e)}var Mr=null,Nr=0,Pr=null,Fr=null;function Ir(e){Fr=e}var Lr=1,Rr=0,zr=Rr;function Br(e){zr=e}var Vr=0,Hr=null,Ur=0;function Wr(){Vr!==0&&(Hr?.clear(),Ur++)}function Gr(){Vr=0,Hr=null}function Kr(e){if(Hr!==null){var t=Hr.get(e);if(t&&t.entry.wv===t.wv)return t.entry}}function qr(e,t,n){Hr!==null&&n===Ur&&Hr.set(e,{entry:t,wv:t.wv})}function Jr(e=!1){return e||Wr(),++Lr}function Yr(e){return bt===null?(ct(e),e.wv):e.f&2?lt(e).wv:(bt.get(e)??e).wv}function Xr(e,t){if(e!==null){Vr!==0&&bt!==null&&(Vr+=t.length,Vr>1e5&&(Hr??=new Map));for(var n=0;n<t.length;n++)if(Yr(e[n])!==t[n])return!1}return!0}function Zr(e,t,n=null){if(e!==null)for(var r=0;r<e.length;r++){var i=e[r];if(i.f&2){var a=i;if(bt===null?ct(i):a=lt(i),a.wv>t){if(a===i?i.f&67108864:!(`dv`in a))return!0;if(n===null)n=new Set;else if(n.has(a))continue;if(Zr(a.deps,t,n))return!0;n.add(a)}}else if(Yr(i)>t)return!0}return!1}function Qr(e){return!!(e.f&4194320)&&St?.get_record(e)||e}function $r(e){var t=e.f;if(!(t&6144))return!1;if(t&67108864){if(Zr(e.deps,e.wv))return!0}else if(t&2048)return!0;else{var n=Qr(e),r=n.deps,i=n.dv;if(i===null)return!0;if(bt===null){var a=Vr!==0,o=Ur;if(a&&(Vr+=i.length,Vr>1e5&&(Hr??=new Map,!(t&512)&&Hr.get(e)===null)))return!1;for(var s=0,c=i.length;s<c;s++){var l=r[s];if(ct(l),l.wv!==i[s])return!0}a&&(t&514)==2&&o===Ur&&Hr?.set(e,null)}else if(!Xr(r,i))return!0}return t&512&&Ke(e,g),!1}function ei(e,t,n=!0){var r=e.reactions;if(r!==null&&!(Ar!==null&&Ar.has(e)))for(var i=0;i<r.length;i++){var a=r[i];a.f&2?ei(a,t,!1):t===a&&mt.schedule(a,n?_:v)}}var ti=null;function ni({deps:e,dv:t}){return t===null||t.some((t,n)=>e[n].wv!==t)}function ri(e,t){return e!==null&&!e.is_fork&&!t.is_fork&&t.id<e.id&&(bt===null||t.previous.size===0||e.folded.includes(t))}function ii(e){return!(e&4194304)&&(e&32784)!=32784?!1:St!==null&&St===mt}function ai(e){var t=Mr,n=Nr,r=Pr,i=Fr,a=Tr,o=Ar,s=Je,c=Er,l=zr,u=e.f;Mr=null,Nr=0,Pr=null,Fr=null,Tr=u&96?null:e,Ar=null,Ye(e.ctx),Er=!1,zr=++Rr;var d=ti;ti=null;try{e.f|=D;var f=(0,e.fn)();if(e.f|=x,oi(e,u,f,!1),$e()&&Fr!==null&&!Er&&(Mr!==null||Nr>0)&&!(e.f&6146))for(var p=0;p<Fr.length;p++)ei(Fr[p],e);if(a!==null&&a!==e){if(Rr++,a.deps!==null)for(let e=0;e<n;e+=1)a.deps[e].rv=Rr;if(t!==null)for(let e of t)e.rv=Rr;Fr!==null&&(i===null?i=Fr:i.push(...Fr))}return f}catch(t){var m=t;try{m=Hn(t)}finally{oi(e,u,m,m===t)}return m}finally{ti?.signal,e.f^=D,Mr=t,Nr=n,Pr=r,Fr=i,Tr=a,Ar=o,Ye(s),Er=c,zr=l,ti=d}}function oi(e,t,n,r){var i=e.deps,a=Nr+(Mr===null?0:Mr.length),o=e.dv;if(!(e.f&16384)){if(t&2&&xr){for(var s=0,c=0;c<a;c++){var l=c<Nr?i[c]:Mr[c-Nr];s=Math.max(s,Ci(l))}wr={v:n,wv:s,e:r,assigned:(t&k)!==0}}else if(t&2&&bt===null&&ft!==null&&ft.next!==null&&li(e,t),Mr===null&&bt===null&&o!==null&&a===i?.length&&e.edges===i&&!(t&4194320)){for(var u=0;u<a;u++)o[u]=i[u].wv;o.length!==a&&(o.length=a),t&2&&si(e,n,r)}else ci(e,t,a,n,r)}}function si(e,t,n){var r=e.f&~k;(n||r&8388608||!e.equals(t))&&(e.v=t,e.wv=Jr(!0),r=n?r|O:r&~O),e.f=r,qe(e)}function ci(e,t,r,i,a){var o=ii(t);if(bt!==null&&t&2){var s=bt.get(e);s!==void 0&&s.wv!==e.wv&&(o=!0)}var c=e.deps,l=c;(Mr!==null||Nr!==c?.length)&&(l=Nr===0?Mr:c.slice(0,Nr).concat(Mr??[]));for(var u=!o&&bt===null&&e.dv!==null?e.dv:[],d=0;d<r;d++){var f=l[d];u[d]=ui(f),bt!==null&&t&2&&(u[d]!==f.wv||(f.f&1026)==2)&&(o=!0)}u.length!==r&&(u.length=r),!o&&bt!==null&&t&2&&li(e,t);var p=o||pi(e),m=qn()&&!!(e.f&512),h=e.edges;if(o&&h!==null){if(Mr!==null){e.edges=h=h.slice();for(f of Mr)n.call(h,f)||(h.push(f),m&&(f.reactions??=[]).push(e))}}else if(!p&&h===c){if(h!==null)for(d=Nr;d<h.length;d++)gi(e,h[d]);if(m&&Mr!==null)for(f of Mr)(f.reactions??=[]).push(e);e.edges=l}else{var g=new Set(l);if(p)for(var _=ft;_!==null;_=_.next)for(f of _.records?.get(e)?.deps??[])g.add(f);var v=p?Array.from(g):l;for(f of h??[])g.delete(f)||gi(e,f);if(m)for(f of g)(f.reactions??=[]).push(e);e.edges=v}if(o){var y=St;(y.records??=new Map).set(e,t&2?{deps:l,dv:u,v:i,e:a,wv:di(e,y,i,a),ac:ti}:{deps:l,dv:u,ac:ti})}else e.deps=l,e.dv=u,t&2&&(si(e,i,a),St?.records?.delete(e))}function li(e,t){var n=e.dv;if(!(n===null||n.length===0||t&67108864)){for(var r,i=null,a=i!==null&&mt!==null&&mt.is_fork&&!i.signal.aborted,o=ft;o!==null;o=o.next)o!==St&&!o.records?.has(e)&&(i===null||a||ri(mt,o))&&(r??={deps:e.deps,dv:n.slice(),v:e.v,wv:e.wv,e:(t&O)!==0},(o.records??=new Map).set(e,r));a&&r!==void 0&&(r.ac=i,e.ac=null)}}function ui(e){if(bt===null)return e.wv;if(e.f&2){var t=xt.get(e);return t===void 0?Pr?.get(e)??-1:t.wv}return(bt.get(e)??e).wv}function di(e,t,n,r){if(!r){var i=t.get_record(e);if(i!==void 0&&!i.e&&e.equals.call(i,n))return i.wv;if(!(e.f&8388608)&&e.equals(n))return e.wv}return Jr(!0)}function fi(e,t){if(e.deps=t.deps,e.dv=e.f&2?t.dv.slice():t.dv,e.f&2){var n=e;n.v=t.v,n.wv=t.wv,n.f=(t.e?n.f|O:n.f&~O)&~k,qe(n)}e.ac=t.ac??null,t.ac=null}function pi(e){for(var t=ft;t!==null;t=t.next)if(t.records?.has(e))return!0;return!1}function mi(e){var t=e.edges,r=e.deps;if(!(t===r||pi(e))){for(var i of t)r!==null&&n.call(r,i)||gi(e,i);e.edges=r}}function hi(e,t){var r=e.reactions??=[];n.call(r,t)||r.push(t)}function gi(e,r){let i=r.reactions;if(i!==null){var a=t.call(i,e);if(a!==-1){var o=i.length-1;o===0?i=r.reactions=null:(i[a]=i[o],i.pop())}}if(i===null&&r.f&2&&(Mr===null||!n.call(Mr,r))){var s=r;s.f&512&&(s.f^=512,xt?.delete(s)),s.v!==fe&&qe(s),ut(s),_i(s)}}function _i(e){var t=e.edges;if(t!==null)for(var n=0;n<t.length;n++)gi(e,t[n])}function vi(e){var t=e.f;if(!(t&16384)){Ke(e,g);var n=Or;Or=e;try{t&16777232?or(e):ar(e),ir(e);var r=ai(e);e.teardown=typeof r==`function`?r:null,e.wv=Lr}finally{Or=n}}}async function yi(){await Promise.resolve(),Pt()}function H(e){var t=e.f,r=!!(t&2);hr?.add(e);var i=null;if(Tr!==null&&!Er&&!(Or!==null&&Or.f&16384)&&(Ar===null||!Ar.has(e))){var a=Tr.deps;if(Tr.f&2097152)e.rv<Rr&&(e.rv=Rr,Mr===null&&a!==null&&a[Nr]===e?Nr++:Mr===null?Mr=[e]:Mr.push(e));else{i=Tr;var o=Tr.edges;o!==null&&n.call(o,e)||(Tr.edges=o===null?[e]:[...o,e]),hi(e,Tr)}}if(xr){var s=Si(e);if(s!==void 0){if(s.e)throw s.v;return s.v}}var c;if(r){var l=e,u=!(l.f&512)&&!Er&&Tr!==null&&!!(Tr.f&512),d=(l.f&x)===0;if(u&&(l.f|=512),!(t&512)&&!d&&Vr===0){Vr=1;try{bt===null?ct(l):c=lt(l)}finally{Gr()}}else bt===null?ct(l):c=lt(l);if(c!==void 0&&!(l.f&512)&&Tr!==null&&!Er&&Tr.f&2097152){var f=(Pr??=new Map).get(l);Pr.set(l,f===void 0||f===c.wv?c.wv:-1)}u&&!d&&(dt(l),xi(l))}else bt!==null&&(c=bt.get(e));if(i!==null&&bi(i,e,c===void 0?e.wv:c.wv),c!==void 0&&c!==e){if(c.e)throw c.v;return c.v}if(e.f&8388608)throw e.v;return e.v}function bi(e,t,r){var i=Qr(e),a=i.deps;i.dv===null||a!==null&&n.call(a,t)||(i.deps=a===null?[t]:[...a,t],i.dv.push(r))}function xi(e){if(e.f|=512,e.edges!==null)for(let t of e.edges)hi(t,e),t.f&2&&!(t.f&512)&&(dt(t),xi(t))}function Si(e){var t=e.wv>Sr?void 0:gt?.reverted_values.get(e);if(!(e.f&2))return t;var n=e,r=(gt??vt()).derived_cache,i=r.get(n);if(i!==void 0)return i;var a=t??bt?.get(n),o=a===void 0?(n.f&k)!==0:a.assigned,s=a===void 0&&!o?n.dv:null,c=n.deps??[],l=o||s!==null,u=s?.length??c.length;a??={v:n.v,wv:n.wv,e:(n.f&O)!==0,assigned:(n.f&k)!==0};for(var d=0;l&&d<u;d++){var f=Ci(c[d]);l=s===null?f<=a.wv:f===s[d]}return l?i=a:(st(n),i=wr,a.wv<i.wv&&!a.e&&!i.e&&n.equals.call(a,i.v)&&(i.wv=a.wv)),r.set(n,i),i}function Ci(e){return(Si(e)??bt?.get(e)??e).wv}function wi(e){var t=Er;try{return Er=!0,e()}finally{Er=t}}function Ti(e){if(!(typeof e!=`object`||!e||e instanceof EventTarget)){if(te in e)Ei(e);else if(!Array.isArray(e))for(let t in e){let n=e[t];typeof n==`object`&&n&&te in n&&Ei(n)}}}function Ei(e,t=new Set){if(typeof e==`object`&&e&&!(e instanceof EventTarget)&&!t.has(e)){t.add(e),e instanceof Date&&e.getTime();for(let n in e)try{Ei(e[n],t)}catch{}let n=l(e);if(n!==Object.prototype&&n!==Array.prototype&&n!==Map.prototype&&n!==Set.prototype&&n!==Date.prototype){let t=o(n);for(let n in t){let r=t[n].get;if(r)try{r.call(e)}catch{}}}}}[...`allowfullscreen.async.autofocus.autoplay.checked.controls.default.disabled.formnovalidate.indeterminate.inert.ismap.loop.multiple.muted.nomodule.novalidate.open.playsinline.readonly.required.reversed.seamless.selected.webkitdirectory.defer.disablepictureinpicture.disableremoteplayback`.split(`.`)];var Di=[`touchstart`,`touchmove`];function Oi(e){return Di.includes(e)}var ki=Symbol(`events`),Ai=Symbol(`propagation stopped at`),ji=new Set,Mi=new Set;function Ni(e,t,n,r={}){var i=et!=null;function a(...e){if(i)return yr(()=>n?.apply(this,e));var a=e[0];if(r.capture||Bi.call(t,a),r.capture||a[Ai]!==t)return yr(()=>n?.call(this,a))}return!i&&(e.startsWith(`pointer`)||e.startsWith(`touch`)||e===`wheel`)?(a.__removed=!1,Ue(()=>{a.__removed||zn(t,e,a,r)})):zn(t,e,a,r),a}function Pi(e,t,n,r,i){var a={capture:r,passive:i},o=Ni(e,t,n,a);et==null&&(t===document.body||t===window||t===document||t instanceof HTMLMediaElement)&&Jn(()=>{o.__removed=!0,Bn(t,e,o,a)})}function U(e,t,n){(t[ki]??={})[e]=n}function Fi(e){for(var t=0;t<e.length;t++)ji.add(e[t]);for(var n of Mi)n(e)}var Ii=new Map;function Li(e){var t=new Set,n=n=>{for(var r=0;r<n.length;r++){var i=n[r];if(!t.has(i)){t.add(i);var a=Oi(i);for(let t of[e,document]){var o=Ii.get(t);o===void 0&&(o=new Map,Ii.set(t,o));var s=o.get(i);s===void 0?(t.addEventListener(i,Bi,{passive:a}),o.set(i,1)):o.set(i,s+1)}}}};return n(r(ji)),Mi.add(n),()=>{for(var r of t)for(let t of[e,document]){var i=Ii.get(t),a=i.get(r);--a==0?(t.removeEventListener(r,Bi),i.delete(r),i.size===0&&Ii.delete(t)):i.set(r,a)}Mi.delete(n)}}var Ri=null,zi=!1;function Bi(e){var t=this,n=e.cancelBubble;if(!(n&&e[Ai]===t)){n||delete e[Ai];var r=t.ownerDocument,a=e.type,o=e.composedPath?.()||[],s=o[0]||e.target;Ri=e,zi||(zi=!0,setTimeout(()=>{zi=!1,Ri=null}));var c=0,l=Ri===e&&e[ki];if(l){var u=o.indexOf(l);if(u!==-1&&(t===document||t===window)){e[ki]=t;return}var d=o.indexOf(t);if(d===-1)return;u<=d&&(c=u)}if(s=o[c]||e.target,s!==t){i(e,`currentTarget`,{configurable:!0,get(){return s||r}});var f=Tr,p=Or;Dr(null),kr(null);try{for(var m,h=[];s!==null&&s!==t;){try{var g=s[ki]?.[a];g==null||s.disabled&&e.target!==s||g.call(s,e)}catch(e){m?h.push(e):m=e}if(e.cancelBubble){n||(e[Ai]=t);break}c++,s=c<o.length?o[c]:null}if(m){for(let e of h)queueMicrotask(()=>{throw e});throw m}}finally{s=null,e[ki]=t,delete e.currentTarget,Dr(f),kr(p)}}}}var Vi=globalThis?.window?.trustedTypes&&globalThis.window.trustedTypes.createPolicy(`svelte-trusted-html`,{createHTML:e=>e});function Hi(e){return Vi?.createHTML(e)??e}function Ui(e){var t=gn(`template`);return Rn(t,Hi(e.replaceAll(`<!>`,`<!---->`))),t.content}function Wi(e,t){var n=Or;n.nodes===null&&(n.nodes={start:e,end:t,a:null,t:null})}function W(e,t){var n=!!(t&1),r,i=!e.startsWith(`<!>`);return()=>{if(A)return Wi(j,null),j;r===void 0&&(r=Ui(i?e:`<!>`+e),n||(r=fn(r)));var t=document.importNode(r,!0);return n?Wi(fn(t),wn(t)):Wi(t,t),t}}function Gi(e=``){if(!A){var t=ln(e+``);return Wi(t,t),t}var n=j;return Sn(n)===3?bn(n):(Dn(n,n=un()),be(n)),Wi(n,n),n}function Ki(){if(A)return Wi(j,null),j;var e=_n(),t=vn(``),n=dn();return En(e,t),En(e,n),Wi(t,n),e}function G(e,t){if(A){var n=Or;n.f&32768&&n.nodes.end!==null||(n.nodes.end=j),xe()}else e!==null&&Dn(e,t)}var qi=C|w,Ji=class{parent;is_pending=!1;transform_error;#e;#t=A?j:null;#n;#r;#i;#a=null;#o=null;#s=null;#c=null;local_pending_count=0;#l=[];effect_pending=null;effect_pending_subscriber=null;constructor(e,t,n,r){this.#e=e,this.#n=t,this.#r=e=>{var t=Or;t.b=this,t.f|=128,n(e)},this.parent=Or.b,this.transform_error=r??this.parent?.transform_error??(e=>e),this.#i=nr(()=>{if(A){let e=we(this.#t);if(xe(),e.startsWith(`[?`)){let t=JSON.parse(e.slice(2));this.#d(t)}else this.#u()}else this.#m()},qi),A&&(this.#e=j)}#u(){var e=A;try{this.#a=rr(()=>this.#r(this.#e))}catch(t){e&&ye(!0),this.error(t)}}#d(e){let t=this.#n.failed,{reset:n,invoke_onerror:r}=this.#f(e);Ue(r),t&&(this.#s=rr(()=>{t(this.#e,()=>e,()=>n)}))}#f(e){var t=!1,n=!1;let r=()=>{this.#p()||(t?ve():(t=!0,n&&Re(),this.#s!==null&&ur(this.#s,()=>{this.#s=null}),this.#h(()=>{this.#m()})))};return{reset:r,invoke_onerror:()=>{if(!this.#p())try{n=!0,this.#n.onerror?.(e,r),n=!1}catch(e){Un(e,this.#i&&this.#i.parent)}}}}#p(){return(this.#i.f&(b|S))!==0}#m(){try{this.local_pending_count=0,this.#a=rr(()=>{this.#r(this.#e)}),Nt.ensure()}catch(e){this.error(e)}}defer_effect(e){this.#l.push(e)}#h(e){var t=Or,n=Tr,r=Je;kr(this.#i),Dr(this.#i),Ye(this.#i.ctx);try{return Nt.ensure(),e()}finally{kr(t),Dr(n),Ye(r)}}is_ready(e){return e.is_boundary_ready(this.#a)}reveal(){if(this.is_pending=!1,this.#o&&ur(this.#o,()=>{this.#o=null}),this.#c)try{Dn(this.#e,this.#c),this.#c=null}finally{}}queue_effects(e){for(let t of this.#l)Ke(t,_),e.push(t);this.#l.length=0}update_effect_pending(e){}error(e){throw e}};function K(e,t){var n=t==null?``:typeof t==`object`?`${t}`:t;n!==(e[ce]??=Mn(e))&&(e[ce]=n,jn(e,`${n}`))}function Yi(e,t){return Xi(e,t)}function Xi(e,t){return Zi(e,t)}function Zi(e,{target:t,anchor:n,props:r={},events:i,context:a,intro:o=!0,transformError:s,renderer:c}){var l=void 0,u=$n(()=>{var o=n??En(t,dn());new Ji(o,{pending:()=>{}},t=>{Xe({});var n=Je;if(a&&(n.c=a),i&&(r.$$events=i),A&&Wi(t,null),l=e(t,r)||Qe(),A&&(Or.nodes.end=j,j===null||Sn(j)!==8||Mn(j)!==`]`))throw ge(),de;Ze()},s);var u=c?null:Li(t);return()=>{if(u?.(),o!==n){var e=Tn(o);e&&An(e,o)}}});return Qi.set(l,u),l}var Qi=new WeakMap,$i=class{anchor;#e=new Map;#t=new Map;#n=new Map;#r=new Set;#i=!0;#a=null;constructor(e,t=!0){this.anchor=e,this.#i=t,this.#a=et}#o=e=>{if(this.#e.has(e))try{var t=this.#e.get(e),n=this.#t.get(t);if(n)fr(n),this.#r.delete(t);else{var r=this.#n.get(t);r&&(fr(r.effect),this.#t.set(t,r.effect),this.#n.delete(t),kn(wn(r.fragment)),Dn(this.anchor,r.fragment),n=r.effect,n.f&=~E)}this.#s(e);for(let[e,r]of this.#t){if(e===t||this.#r.has(e))continue;let i=()=>{if(Array.from(this.#e.values()).includes(e)){var t=_n();mr(r,t),En(t,dn()),this.#n.set(e,{effect:r,fragment:t})}else sr(r);this.#r.delete(e),this.#t.delete(e)};this.#i||!n?(this.#r.add(e),ur(r,i,!1)):i()}}finally{}};#s=e=>{for(let t of this.#e.keys())t!==e&&t.linked||this.#e.delete(t);let t=Array.from(this.#e.values());for(let[e,n]of this.#n)t.includes(e)||(sr(n.effect),this.#n.delete(e))};ensure(e,t){var n=mt,r=hn();if(t&&!this.#t.has(e)&&!this.#n.has(e)){if(r){var i=_n(),a=dn();En(i,a);var o=rr(()=>t(a));o.f|=E,n.unskip_new_effect(o),this.#n.set(e,{effect:o,fragment:i})}else this.#t.set(e,rr(()=>t(this.anchor)))}if(this.#e.set(n,e),r){for(let[t,r]of this.#t)t===e?n.unskip_effect(r):n.skip_effect(r);for(let[t,r]of this.#n)t===e?n.unskip_effect(r.effect):n.skip_effect(r.effect);n.oncommit(this.#o),n.ondiscard(this.#s)}else A&&(this.anchor=j),this.#o(n)}};function q(e,t,n=!1){var r;A&&(r=j,xe());var i=new $i(e),a=n?C:0;function o(e,t){if(A){var n=we(r);if(e!==parseInt(n.substring(1))){var a=Ce();be(a),i.anchor=a,ye(!1),i.ensure(e,t),ye(!0);return}}i.ensure(e,t)}nr(()=>{var e=!1;t((t,n=0)=>{e=!0,o(n,t)}),e||o(-1,null)},a)}var ea=Symbol(`NaN`);function ta(e,t,n){A&&xe();var r=new $i(e),i=!$e();nr(()=>{var e=t();e!==e&&(e=ea),i&&typeof e==`object`&&e&&(e={}),r.ensure(e,n)})}var na=[...` 	
\r\f\xA0\v﻿`];function ra(e,t,n){var r=e==null?``:``+e;if(t&&(r=r?r+` `+t:t),n){for(var i of Object.keys(n))if(n[i])r=r?r+` `+i:i;else if(r.length)for(var a=i.length,o=0;(o=r.indexOf(i,o))>=0;){var s=o+a;(o===0||na.includes(r[o-1]))&&(s===r.length||na.includes(r[s]))?r=(o===0?``:r.substring(0,o))+r.substring(s+1):o=s}}return r===``?null:r}function ia(e,t){return t}function aa(e,t,n){for(var i=[],a=t.length,o,s=0;s<a;s++){let n=t[s];ur(n,()=>{if(o){if(o.pending.delete(n),o.done.add(n),o.pending.size===0){var t=e.outrogroups;sa(e,r(o.done)),t.delete(o),t.size===0&&(e.outrogroups=null)}}else i.push(n)},!1)}if(i.length===a){var c=n!==null&&e.pending.size===0;if(c){var l=n,u=Tn(l);mn(u),En(u,l),e.items.clear()}sa(e,t,!c)}else{o={pending:new Set(t),done:new Set(i)};for(let e of i)o.pending.delete(e);(e.outrogroups??=new Set).add(o)}}function oa(e){var t=new Set;for(let n of e.pending.values())for(let r of n)t.add(e.items.get(r).e);return t}function sa(e,t,n=!0){for(var r=e.pending.size>0?oa(e):void 0,i=0;i<t.length;i++){var a=t[i];r?.has(a)?(a.f|=E,mr(a,_n()),a!==e.effect.last&&(ga(e,a.prev,a.next),ga(e,e.effect.last,a),ga(e,a,null))):sr(t[i],n)}}function ca(e,t){if(e.outrogroups!==null){for(let n of e.outrogroups)if(n.pending.has(t)||n.done.has(t))return!0}return!1}var la=new WeakMap,ua={};function da(){var e=la.get(et??ua);if(e)return e;var t=dn();return la.set(et??ua,t),t}function J(t,n,i,a,o,s=null){var c=t,l=new Map;if(n&4){var u=t;c=A?be(fn(u)):En(u,dn())}A&&xe();var d=null,f=at(()=>{var t=i();return e(t)?t:t==null?[]:r(t)}),p=new Map,m=!0;function h(e){if(!(v.effect.f&16384)){try{v.pending.delete(e);var t=H(f);v.fallback=d,pa(v,t,c,n,a),d!==null&&(t.length===0?d.f&33554432?(d.f^=E,ha(d,null,c)):fr(d):ur(d,()=>{d=null}))}finally{}_()}}function g(e){v.pending.delete(e),v.effect.f&16384||_()}function _(){for(var e,t=v.effect.last;t!==null;){var n=t.prev;if(t.f&32&&t!==d){if(!(t.f&33554432))break;e??=oa(v),!e.has(t)&&!ca(v,t)&&sr(t)}t=n}}var v={effect:nr(()=>{var e=H(f),t=e.length;let r=!1;A&&we(c)===`[!`!=(t===0)&&(c=Ce(),be(c),ye(!1),r=!0);for(var u=new Set,_=mt,v=hn(),y=0;y<t;y+=1){A&&Sn(j)===8&&Mn(j)===`]`&&(c=j,r=!0,ye(!1));var b=e[y],x=a(b,y),S=m?null:l.get(x);S?(S.v&&Qt(S.v,b),S.i&&Qt(S.i,y),v&&_.unskip_effect(S.e)):(S=ma(l,m?c:da(),b,x,y,o,n,i),m||(S.e.f|=E,v&&_.unskip_new_effect(S.e)),l.set(x,S)),u.add(x)}if(t===0&&s&&!d&&(m?d=rr(()=>s(c)):(d=rr(()=>s(da())),d.f|=E,v&&_.unskip_new_effect(d))),v&&d!==null&&(t===0?_.unskip_effect(d):_.skip_effect(d)),t>u.size&&Oe(``,``,``),A&&t>0&&be(Ce()),!m){if(p.set(_,u),v){for(let[e,t]of l)u.has(e)||_.skip_effect(t.e);_.oncommit(h),_.ondiscard(g)}else h(_)}r&&ye(!0),H(f)}),flags:n,items:l,pending:p,outrogroups:null,fallback:d};m=!1,A&&(c=j)}function fa(e){for(;e!==null&&!(e.f&32);)e=e.next;return e}function pa(e,t,n,i,a){var o=!!(i&8),s=t.length,c=e.items,l=fa(e.effect.first),u,d=null,f,p=[],m=[],h,g,_,v;if(o)for(v=0;v<s;v+=1)h=t[v],g=a(h,v),_=c.get(g).e,_.f&33554432||(_.nodes?.a?.measure(),(f??=new Set).add(_));for(v=0;v<s;v+=1){if(h=t[v],g=a(h,v),_=c.get(g).e,e.outrogroups!==null)for(let t of e.outrogroups)t.pending.delete(_),t.done.delete(_);if(_.f&8192&&(fr(_),o&&(_.nodes?.a?.unfix(),(f??=new Set).delete(_))),_.f&33554432){if(_.f^=E,_===l)ha(_,null,n);else{var y=d?d.next:l;_===e.effect.last&&(e.effect.last=_.prev),_.prev&&(_.prev.next=_.next),_.next&&(_.next.prev=_.prev),ga(e,d,_),ga(e,_,y),ha(_,y,n),d=_,p=[],m=[],l=fa(d.next);continue}}if(_!==l){if(u!==void 0&&u.has(_)){if(p.length<m.length){var b=m[0],x;d=b.prev;var S=p[0],C=p[p.length-1];for(x=0;x<p.length;x+=1)ha(p[x],b,n);for(x=0;x<m.length;x+=1)u.delete(m[x]);ga(e,S.prev,C.next),ga(e,d,S),ga(e,C,b),l=b,d=C,--v,p=[],m=[]}else u.delete(_),ha(_,l,n),ga(e,_.prev,_.next),ga(e,_,d===null?e.effect.first:d.next),ga(e,d,_),d=_;continue}for(p=[],m=[];l!==null&&l!==_;)(u??=new Set).add(l),m.push(l),l=fa(l.next);if(l===null)continue}_.f&33554432||p.push(_),d=_,l=fa(_.next)}if(e.outrogroups!==null){for(let t of e.outrogroups)t.pending.size===0&&(sa(e,r(t.done)),e.outrogroups?.delete(t));e.outrogroups.size===0&&(e.outrogroups=null)}if(l!==null||u!==void 0){var w=[];if(u!==void 0)for(_ of u)_.f&8192||w.push(_);for(;l!==null;)!(l.f&8192)&&l!==e.fallback&&w.push(l),l=fa(l.next);var T=w.length;if(T>0){var D=i&4&&s===0?n:null;if(o){for(v=0;v<T;v+=1){var ee=w[v].nodes?.a;ee?.measure(),ee?.capture_size()}for(v=0;v<T;v+=1)w[v].nodes?.a?.set_position();for(v=0;v<T;v+=1)w[v].nodes?.a?.set_transform()}aa(e,w,D)}}o&&Ue(()=>{if(f!==void 0)for(_ of f)_.nodes?.a?.apply()})}function ma(e,t,n,r,i,a,o,s){var c=o&1?o&16?Jt(n):Yt(n,!1,!1):null,l=o&2?Jt(i):null;return{v:c,i:l,e:rr(()=>(a(t,c??n,l??i,s),()=>{e.delete(r)}))}}function ha(e,t,n){if(e.nodes)for(var r=e.nodes.start,i=e.nodes.end,a=t&&!(t.f&33554432)?t.nodes.start:n;r!==null;){var o=pn(r);if(Dn(a,r),r===i)return;r=o}}function ga(e,t,n){t===null?e.effect.first=n:t.next=n,n===null?e.effect.last=t:n.prev=t}function _a(e,t,n=!1,r=!1,i=!1,a=!1,o){var s=e,c=``;if(n){var l=e;A&&(s=be(fn(l)))}V(()=>{var e=Or;if(c===(c=t()??``))A&&xe();else if(n&&!A)e.nodes=null,Rn(l,c),c!==``&&Wi(fn(l),wn(l));else if(e.nodes!==null&&(cr(e.nodes.start,e.nodes.end),e.nodes=null),c!==``){if(A){Mn(j);for(var a=xe(),o=a;a!==null&&(Sn(a)!==8||Mn(a)!==``);)o=a,a=pn(a);if(a===null)throw ge(),de;Wi(j,o),s=be(a)}else{var u=gn(r?`svg`:i?`math`:`template`,r?pe:i?me:void 0);Rn(u,c);var d=r||i?u:u.content;if(Wi(fn(d),wn(d)),r||i)for(;fn(d);)Dn(s,fn(d));else Dn(s,d)}}})}function va(e,t,n){var r;A&&(r=j,xe());var i=new $i(e);nr(()=>{var e=t()??null;if(A&&we(r)===`[`!=(e!==null)){var a=Ce();be(a),i.anchor=a,ye(!1),i.ensure(e,e&&(t=>n(t,e))),ye(!0)}else i.ensure(e,e&&(t=>n(t,e)))},C)}function ya(e,t,n){er(()=>{var r=wi(()=>t(e,n?.())||{});if(n&&r?.update){var i=!1,a={};tr(()=>{var e=n();Ti(e),i&&Ee(a,e)&&(a=e,r.update(e))}),i=!0}if(r?.destroy)return()=>r.destroy()})}function ba(e,t,n,r,i,a){var o=e[oe];if(A||o!==n||o===void 0){var s=ra(n,r,a);A&&s===Fn(e,`class`)||(s==null?In(e,`class`):t?e.className=s:yn(e,`class`,s)),e[oe]=n}else if(a&&i!==a)for(var c in a){var l=!!a[c];(i==null||l!==!!i[c])&&Vn(e,c,l)}return a}function xa(e,t){t?Ln(e,`selected`)||yn(e,`selected`,``):In(e,`selected`)}function Sa(t,n){var r=t.__defaultValue,i=t.multiple,a=i?r??[]:null;if(!i||e(a)){var o=t.selectedIndex,s=n&&i?new Set(t.selectedOptions):null;for(var c of t.options){var l=Ea(c);xa(c,i?a.includes(l):rn(l,r))}if(n){if(s!==null)for(c of t.options){var u=s.has(c);c.selected!==u&&(c.selected=u)}else t.selectedIndex!==o&&(t.selectedIndex=o)}}}function Ca(t,n,r=!1){if(t.multiple){if(n==null)return;if(!e(n))return _e();for(var i of t.options)i.selected=n.includes(Ea(i))}else{for(i of t.options)if(rn(Ea(i),n)){i.selected=!0;return}r&&n===void 0||(t.selectedIndex=-1)}}function wa(e){var t=new MutationObserver(t=>{t.every(Da)||(`__defaultValue`in e&&Sa(e,!1),`__value`in e&&Ca(e,e.__value))});t.observe(e,{childList:!0,subtree:!0,attributes:!0,attributeFilter:[`value`]}),Jn(()=>{t.disconnect()})}function Ta(e,t,n=t){var r=new WeakSet,i=!0;br(e,`change`,t=>{var i=t?`[selected]`:`:checked`,a;if(e.multiple)a=[].map.call(e.querySelectorAll(i),Ea);else{var o=e.querySelector(i)??e.querySelector(`option:not([disabled])`);a=o&&Ea(o)}n(a),e.__value=a,mt!==null&&r.add(mt)}),er(()=>{var a=t();if(!(e===document.activeElement&&r.has(St))){if(Ca(e,a,i),i&&a===void 0){var o=e.querySelector(`:checked`);o!==null&&(a=Ea(o),n(a))}e.__value=a,i=!1}})}function Ea(e){return`__value`in e?e.__value:e.value}function Da(e){if(e.target.closest(`selectedcontent`)!==null)return!0;if(e.type===`childList`){var t=[...e.addedNodes,...e.removedNodes];return t.length>0&&t.every(e=>e.nodeName===`SELECTEDCONTENT`)}return!1}var Oa=Symbol(`is custom element`),ka=Symbol(`is html`),Aa=ue?`link`:`LINK`,ja=ue?`progress`:`PROGRESS`;function Ma(e){if(A){var t=!1,n=()=>{if(!t){if(t=!0,Ln(e,`value`)){var n=e.value;Y(e,`value`,null),e.value=n}if(Ln(e,`checked`)){var r=e.checked;Y(e,`checked`,null),e.checked=r}}};e[le]=n,Ue(n),vr()}}function Na(e,t){var n=Fa(e);n.value!==(n.value=t??void 0)&&(et!=null||e.value!==t||t===0&&Cn(e)===ja)&&Nn(e,t)}function Pa(e,t){var n=Fa(e);n.checked!==(n.checked=t??void 0)&&Pn(e,t)}function Y(e,t,n,r){var i=Fa(e);if(!(A&&(i[t]=Fn(e,t),t===`src`||t===`srcset`||t===`href`&&Cn(e)===Aa))){var a=i[t];a!==(i[t]=n)&&(t===`loading`&&(e[ie]=n),n==null?In(e,t):typeof n!=`string`&&La(e).has(t)?e[t]=n:(!A||typeof n!=`number`&&typeof n!=`boolean`||a!==String(n))&&yn(e,t,n))}}function Fa(e){return e[ae]??={[Oa]:Cn(e).includes(`-`),[ka]:et==null&&e.namespaceURI===`http://www.w3.org/1999/xhtml`}}var Ia=new Map;function La(e){var t=Fn(e,`is`),n=t||Cn(e),r=Ia.get(n);if(r)return r;r=new Set,customElements&&(t||n.includes(`-`))&&!customElements.get(t||n.toLowerCase())||Ia.set(n,r);for(var i,a=e,s=Element.prototype;s!==a;){for(var c in i=o(a),i)i[c].set&&c!==`innerHTML`&&c!==`textContent`&&c!==`innerText`&&r.add(c);a=l(a)}return r}function Ra(e,t,n=t){var r=new WeakSet;br(e,`input`,async i=>{var a=i?e.defaultValue:e.value;if(a=Ba(e)?Va(a):a,n(a),mt!==null&&r.add(mt),await yi(),a!==(a=t())){var o=e.selectionStart,s=e.selectionEnd,c=e.value.length;if(e.value=a??``,s!==null){var l=e.value.length;o===s&&s===c&&l>c?(e.selectionStart=l,e.selectionEnd=l):(e.selectionStart=o,e.selectionEnd=Math.min(s,l))}}}),(A&&e.defaultValue!==e.value||wi(t)==null&&e.value)&&(n(Ba(e)?Va(e.value):e.value),mt!==null&&r.add(mt)),tr(()=>{var n=t();e===document.activeElement&&r.has(St)||Ba(e)&&n===Va(e.value)||(e.type!==`date`||n||e.value)&&n!==e.value&&(e.value=n??``)})}function za(e,t,n=t){br(e,`change`,t=>{n(t?e.defaultChecked:e.checked)}),(A&&e.defaultChecked!==e.checked||wi(t)==null)&&n(e.checked),tr(()=>{e.checked=!!t()})}function Ba(e){var t=e.type;return t===`number`||t===`range`}function Va(e){return e===``?null:+e}function Ha(e=!1){let t=Je,n=t.l.u;if(!n)return;let r=()=>Ti(t.s);if(e){let e=0,n={},i=rt(()=>{let r=!1,i=t.s;for(let e in i)i[e]!==n[e]&&(n[e]=i[e],r=!0);return r&&e++,e});r=()=>H(i)}n.b.length&&Zn(()=>{Ua(t,r),p(n.b)}),Yn(()=>{let e=wi(()=>n.m.map(f));return()=>{for(let t of e)typeof t==`function`&&t()}}),n.a.length&&Yn(()=>{Ua(t,r),p(n.a)})}function Ua(e,t){if(e.l.s)for(let t of e.l.s)H(t);t()}var Wa=!1;function Ga(e){var t=Wa;try{return Wa=!1,[e(),Wa]}finally{Wa=t}}function Ka(e,t,n,r){var i=!ze||!!(n&2),o=!!(n&8),s=!!(n&16),c=r,l=!0,u=void 0,d=()=>s&&i?(u??=rt(r),H(u)):(l&&(l=!1,c=s?wi(r):r),c);let f;if(o){var p=te in e||re in e;f=a(e,t)?.set??(p&&t in e?n=>e[t]=n:void 0)}var m,h=!1;o?[m,h]=Ga(()=>e[t]):m=e[t],m===void 0&&r!==void 0&&(m=d(),f&&(i&&Pe(t),f(m)));var g=i?()=>{var n=e[t];return n===void 0?d():(l=!0,n)}:()=>{var n=e[t];return n!==void 0&&(c=void 0),n===void 0?c:n};if(i&&!(n&4))return g;if(f){var _=e.$$legacy;return(function(e,t){return arguments.length>0?((!i||!t||_||h)&&f(t?g():e),e):g()})}var v=!1,y=(n&1?rt:at)(()=>(v=!1,g()));o&&H(y);var b=Or;return(function(e,t){if(arguments.length>0){let n=t?H(y):i&&o?I(e):e;return F(y,n),v=!0,c!==void 0&&(c=n),e}return xr&&v||b.f&16384?y.v:H(y)})}cn(),typeof window<`u`&&((globalThis.__svelte??={}).v??=new Set).add(`5`);function qa(e){return e===null?`null`:Array.isArray(e)?`array`:typeof e}function Ja(e){return qa(e)===`object`}function Ya(e){return Array.isArray(e)&&e.length>0&&e.every(e=>`message`in e)}function Xa(e,t){return e.length<124?e:t}var Za=(e=>(e[e.InternalServerError=4500]=`InternalServerError`,e[e.InternalClientError=4005]=`InternalClientError`,e[e.BadRequest=4400]=`BadRequest`,e[e.BadResponse=4004]=`BadResponse`,e[e.Unauthorized=4401]=`Unauthorized`,e[e.Forbidden=4403]=`Forbidden`,e[e.SubprotocolNotAcceptable=4406]=`SubprotocolNotAcceptable`,e[e.ConnectionInitialisationTimeout=4408]=`ConnectionInitialisationTimeout`,e[e.ConnectionAcknowledgementTimeout=4504]=`ConnectionAcknowledgementTimeout`,e[e.SubscriberAlreadyExists=4409]=`SubscriberAlreadyExists`,e[e.TooManyInitialisationRequests=4429]=`TooManyInitialisationRequests`,e))(Za||{}),Qa=(e=>(e.ConnectionInit=`connection_init`,e.ConnectionAck=`connection_ack`,e.Ping=`ping`,e.Pong=`pong`,e.Subscribe=`subscribe`,e.Next=`next`,e.Error=`error`,e.Complete=`complete`,e))(Qa||{});function $a(e){if(!Ja(e))throw Error(`Message is expected to be an object, but got ${qa(e)}`);if(!e.type)throw Error(`Message is missing the 'type' property`);if(typeof e.type!=`string`)throw Error(`Message is expects the 'type' property to be a string, but got ${qa(e.type)}`);switch(e.type){case`connection_init`:case`connection_ack`:case`ping`:case`pong`:if(e.payload!=null&&!Ja(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break;case`subscribe`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${qa(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Ja(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${qa(e.payload)}`);if(typeof e.payload.query!=`string`)throw Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${qa(e.payload.query)}`);if(e.payload.variables!=null&&!Ja(e.payload.variables))throw Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${qa(e.payload.variables)}`);if(e.payload.operationName!=null&&qa(e.payload.operationName)!==`string`)throw Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${qa(e.payload.operationName)}`);if(e.payload.extensions!=null&&!Ja(e.payload.extensions))throw Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${qa(e.payload.extensions)}`);break;case`next`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${qa(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Ja(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${qa(e.payload)}`);break;case`error`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${qa(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Ya(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break;case`complete`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${qa(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);break;default:throw Error(`Invalid message 'type' property "${e.type}"`)}return e}function eo(e,t){return $a(typeof e==`string`?JSON.parse(e,t):e)}function to(e,t){return $a(e),JSON.stringify(e,t)}function no(e){let{url:t,connectionParams:n,lazy:r=!0,onNonLazyError:i=console.error,lazyCloseTimeout:a=0,keepAlive:o=0,disablePong:s,connectionAckWaitTimeout:c=0,retryAttempts:l=5,retryWait:u=async function(e){let t=2**e;await new Promise(e=>setTimeout(e,t*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:d=io,on:f,webSocketImpl:p,generateID:m=function(){return`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.replace(/[xy]/g,e=>{let t=Math.random()*16|0;return(e==`x`?t:t&3|8).toString(16)})},jsonMessageReplacer:h,jsonMessageReviver:g}=e,_;if(p){if(!oo(p))throw Error(`Invalid WebSocket implementation provided`);_=p}else typeof WebSocket<`u`?_=WebSocket:typeof global<`u`?_=global.WebSocket||global.MozWebSocket:typeof window<`u`&&(_=window.WebSocket||window.MozWebSocket);if(!_)throw Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let v=_,y=(()=>{let e=(()=>{let e={};return{on(t,n){return e[t]=n,()=>{delete e[t]}},emit(t){`id`in t&&e[t.id]?.(t)}}})(),t={connecting:f?.connecting?[f.connecting]:[],opened:f?.opened?[f.opened]:[],connected:f?.connected?[f.connected]:[],ping:f?.ping?[f.ping]:[],pong:f?.pong?[f.pong]:[],message:f?.message?[e.emit,f.message]:[e.emit],closed:f?.closed?[f.closed]:[],error:f?.error?[f.error]:[]};return{onMessage:e.on,on(e,n){let r=t[e];return r.push(n),()=>{let e=r.indexOf(n);e>-1&&r.splice(e,1)}},emit(e,...n){for(let r of[...t[e]])r(...n)}}})();function b(e){let t=[y.on(`error`,n=>{t.forEach(e=>e()),e(n)}),y.on(`closed`,n=>{t.forEach(e=>e()),e(n)})];return()=>t.forEach(e=>e())}let x,S=0,C,w=!1,T=0,E=!1;async function D(){clearTimeout(C);let[e,r]=await(x??=new Promise((e,r)=>(async()=>{if(w){if(await u(T),!S)return x=void 0,r({code:1e3,reason:`All Subscriptions Gone`});T++}y.emit(`connecting`,w);let i=new v(typeof t==`function`?await t():t,`graphql-transport-ws`),a,l;function d(){isFinite(o)&&o>0&&(clearTimeout(l),l=setTimeout(()=>{i.readyState===v.OPEN&&(i.send(to({type:Qa.Ping})),y.emit(`ping`,!1,void 0))},o))}b(e=>{x=void 0,clearTimeout(a),clearTimeout(l),r(e),e instanceof ro&&(i.close(4499,`Terminated`),i.onerror=null,i.onclose=null)}),i.onerror=e=>y.emit(`error`,e),i.onclose=e=>y.emit(`closed`,e),i.onopen=async()=>{try{y.emit(`opened`,i);let e=typeof n==`function`?await n():n;if(i.readyState!==v.OPEN)return;i.send(to(e?{type:Qa.ConnectionInit,payload:e}:{type:Qa.ConnectionInit},h)),isFinite(c)&&c>0&&(a=setTimeout(()=>{i.close(Za.ConnectionAcknowledgementTimeout,`Connection acknowledgement timeout`)},c)),d()}catch(e){y.emit(`error`,e),i.close(Za.InternalClientError,Xa(e instanceof Error?e.message:String(e),`Internal client error`))}};let f=!1;i.onmessage=({data:t})=>{try{let n=eo(t,g);if(y.emit(`message`,n),n.type===`ping`||n.type===`pong`){y.emit(n.type,!0,n.payload),n.type===`pong`?d():s||(i.send(to(n.payload?{type:Qa.Pong,payload:n.payload}:{type:Qa.Pong},h)),y.emit(`pong`,!1,n.payload));return}if(f)return;if(n.type!==Qa.ConnectionAck)throw Error(`First message cannot be of type ${n.type}`);clearTimeout(a),f=!0,y.emit(`connected`,i,n.payload,w),w=!1,T=0;let r=new Promise((e,t)=>b(t));r.catch(()=>{}),e([i,r])}catch(e){i.onmessage=null,y.emit(`error`,e),i.close(Za.BadResponse,Xa(e instanceof Error?e.message:String(e),`Bad response`))}}})()));e.readyState===v.CLOSING&&await r;let i=()=>{},l=new Promise(e=>i=e);return[e,i,new Promise((t,n)=>{let i=b(n);e.readyState!==v.OPEN&&r.catch(n),l.then(()=>{if(i(),!S){let t=()=>e.close(1e3,`Normal Closure`);isFinite(a)&&a>0?(clearTimeout(C),C=setTimeout(()=>{!S&&e.readyState===v.OPEN&&t()},a)):t()}t()})})]}function ee(e){if(io(e)&&(ao(e.code)||[Za.InternalServerError,Za.InternalClientError,Za.BadRequest,Za.BadResponse,Za.Unauthorized,Za.SubprotocolNotAcceptable,Za.SubscriberAlreadyExists,Za.TooManyInitialisationRequests].includes(e.code)))throw e;if(E)return!1;if(io(e)&&e.code===1e3)return S>0;if(!l||T>=l||!d(e))throw e;return w=!0}r||(async()=>{for(S++;;)try{let[,,e]=await D();await e}catch(e){try{if(!ee(e))return}catch(e){return i?.(e)}}})();function O(e,t){let n=m(e),r=!1,i=!1,a=()=>{S--,r=!0};return(async()=>{for(S++;;)try{let[o,s,c]=await D();if(r)return c.catch(()=>{}),s();let l=y.onMessage(n,e=>{switch(e.type){case Qa.Next:t.next(e.payload);return;case Qa.Error:i=!0,r=!0,t.error(e.payload),a();return;case Qa.Complete:r=!0,a();return}});o.send(to({id:n,type:Qa.Subscribe,payload:e},h)),a=()=>{!r&&o.readyState===v.OPEN&&o.send(to({id:n,type:Qa.Complete},h)),S--,r=!0,s()},await c.finally(l);return}catch(e){if(!ee(e))return}})().then(()=>{i||t.complete()}).catch(e=>{t.error(e)}),()=>{r||a()}}return{on:y.on,subscribe:O,iterate(e){let t=[],n={done:!1,error:null,resolve:()=>{}},r=O(e,{next(e){t.push(e),n.resolve()},error(e){n.done=!0,n.error=e,n.resolve()},complete(){n.done=!0,n.resolve()}}),i=async function*(){for(;;){for(t.length||await new Promise(e=>n.resolve=e);t.length;)yield t.shift();if(n.error)throw n.error;if(n.done)return}}();return i.throw=async e=>(n.done||(n.done=!0,n.error=e,n.resolve()),{done:!0,value:void 0}),i.return=async()=>(r(),{done:!0,value:void 0}),i},async dispose(){if(E=!0,x){let[e]=await x;e.close(1e3,`Normal Closure`)}},terminate(){x&&y.emit(`closed`,new ro)}}}var ro=class extends Error{name=`TerminatedCloseEvent`;message=`4499: Terminated`;code=4499;reason=`Terminated`;wasClean=!1};function io(e){return Ja(e)&&`code`in e&&`reason`in e}function ao(e){return![1e3,1001,1006,1005,1012,1013,1014].includes(e)&&e>=1e3&&e<=1999}function oo(e){return typeof e==`function`&&`constructor`in e&&`CLOSED`in e&&`CLOSING`in e&&`CONNECTING`in e&&`OPEN`in e}var so=`tagih.session`;function co(){try{let e=localStorage.getItem(so);if(!e)return null;let t=JSON.parse(e);return new Date(t.expiresAt).getTime()>Date.now()?t:null}catch{return null}}var lo=typeof localStorage>`u`?null:co(),uo=I({token:lo?.token??null,admin:lo?.admin??null,message:null});function fo(e,t,n){uo.token=e,uo.admin=t,uo.message=null,localStorage.setItem(so,JSON.stringify({token:e,admin:t,expiresAt:n}))}function po(e=null){uo.token=null,uo.admin=null,uo.message=e,localStorage.removeItem(so)}function mo(){po(`login.expired`)}var ho={operator:0,admin:1,super_admin:2};function go(e){let t=uo.admin?.role;return t!==void 0&&ho[t]!==void 0&&ho[t]>=ho[e]}var _o=class extends Error{code;constructor(e,t){super(t),this.code=e}};function vo(){let e={"content-type":`application/json`};return uo.token&&(e.authorization=`Bearer ${uo.token}`),e}function yo(e){let t=e[0],n=t.extensions?.code??`INTERNAL`;throw n===`UNAUTHENTICATED`&&uo.token&&mo(),new _o(n,t.message)}async function X(e,t){let n;try{n=await fetch(`/graphql`,{method:`POST`,headers:vo(),body:JSON.stringify({query:e.toString(),variables:t??{}})})}catch{throw new _o(`NETWORK`,`network`)}let r;try{r=await n.json()}catch{throw new _o(n.status===429||n.status===503?`RATE_LIMITED`:`INTERNAL`,`HTTP ${n.status}`)}if(r.errors?.length&&yo(r.errors),!r.data)throw new _o(`INTERNAL`,`no data`);return r.data}var bo=null,xo=null,So=!1,Co=new Set;function wo(){return bo&&xo===uo.token||(bo?.dispose(),xo=uo.token,bo=no({url:`${location.protocol===`https:`?`wss`:`ws`}://${location.host}/graphql/ws`,lazy:!0,connectionParams:()=>xo?{Authorization:`Bearer ${xo}`}:{},retryAttempts:1/0,shouldRetry:()=>!0,on:{connected:()=>{So=!0,Co.forEach(e=>e())},closed:e=>{So=!1;let t=e?.code;(t===4403||t===4401)&&mo()}}})),bo}function To(){bo?.dispose(),bo=null,xo=null,So=!1}function Eo(e,t,n,r,i){let a=!1,o=null,s=()=>{i&&!a&&(o&&clearTimeout(o),o=setTimeout(()=>!a&&i(),300))};i&&Co.add(s);let c=null,l=()=>{a||(c=wo().subscribe({query:e.toString(),variables:t()},{next:e=>{if(e.errors?.length){let t=e.errors[0];r?.(new _o(t.extensions?.code??`INTERNAL`,t.message))}else e.data&&n(e.data)},error:e=>{let t=Array.isArray(e)?e:null;r?.(new _o(t?.[0]?.extensions?.code??`NETWORK`,t?.[0]?.message??`subscription`)),setTimeout(l,2e3)},complete:()=>{}}))};return l(),So&&s(),()=>{a=!0,Co.delete(s),o&&clearTimeout(o),c?.()}}var Z=class extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}};new Z(`
    fragment EventFields on Event {
  position
  sequence
  aggregateType
  aggregateId
  eventType
  recordedAt
  actor
  actorRole
  payload
}
    `,{fragmentName:`EventFields`}),new Z(`
    fragment AdminFields on Admin {
  id
  username
  email
  role
  active
  lastLoginAt
  createdAt
}
    `,{fragmentName:`AdminFields`}),new Z(`
    fragment LedgerFields on LedgerEntry {
  id
  kind
  amount
  reason
  reference
  balanceAfter
  debtAfter
  recordedAt
}
    `,{fragmentName:`LedgerFields`}),new Z(`
    fragment PaymentFields on Payment {
  id
  kind
  invoiceId
  plugin
  channel
  orderId
  amount
  total
  status
  reviewFlag
  paidAt
  refundedTotal
  createdAt
}
    `,{fragmentName:`PaymentFields`}),new Z(`
    fragment MessageFields on WhatsAppMessage {
  id
  to
  category
  status
  attempts
  lastError
  queuedAt
  sentAt
  position
}
    `,{fragmentName:`MessageFields`}),new Z(`
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}
    `,{fragmentName:`HealthFields`}),new Z(`
    fragment LocationFields on Location {
  id
  name
  host
  port
  transport
  username
  hotspotServer
  timeZone
  tlsTrust
  tlsFingerprint
  hasRouterToken
  active
  createdAt
  updatedAt
  health {
    ...HealthFields
  }
}
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}`,{fragmentName:`LocationFields`}),new Z(`
    fragment SessionFields on ActiveSession {
  kind
  routerId
  username
  address
  macAddress
  uptimeSeconds
  bytesIn
  bytesOut
  observedAt
}
    `,{fragmentName:`SessionFields`}),new Z(`
    fragment VoucherProfileFields on VoucherProfile {
  id
  locationId
  name
  priceSell
  priceCost
  profit
  validitySeconds
  rateLimit
  uptimeLimitSeconds
  dataQuotaBytes
  retired
  updatedAt
}
    `,{fragmentName:`VoucherProfileFields`}),new Z(`
    fragment VoucherFields on Voucher {
  id
  code
  password
  status
  batchId
  profileName
  priceSell
  validitySeconds
  firstLoginAt
  validUntil
  lastError
  generatedAt
}
    `,{fragmentName:`VoucherFields`});var Do=new Z(`
    query EventLog($afterPosition: Int, $first: Int!) {
  eventLog(afterPosition: $afterPosition, first: $first) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  position
  sequence
  aggregateType
  aggregateId
  eventType
  recordedAt
  actor
  actorRole
  payload
}`),Oo=new Z(`
    query History($aggregateType: String!, $aggregateId: String!) {
  history(aggregateType: $aggregateType, aggregateId: $aggregateId) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  position
  sequence
  aggregateType
  aggregateId
  eventType
  recordedAt
  actor
  actorRole
  payload
}`),ko=new Z(`
    query StateAt($aggregateType: String!, $aggregateId: String!, $at: DateTime!) {
  stateAt(aggregateType: $aggregateType, aggregateId: $aggregateId, at: $at)
}
    `),Ao=new Z(`
    subscription EventsLive($afterPosition: Int) {
  events(afterPosition: $afterPosition) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  position
  sequence
  aggregateType
  aggregateId
  eventType
  recordedAt
  actor
  actorRole
  payload
}`),jo=new Z(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token
    expiresAt
    admin {
      ...AdminFields
    }
  }
}
    fragment AdminFields on Admin {
  id
  username
  email
  role
  active
  lastLoginAt
  createdAt
}`),Mo=new Z(`
    mutation Logout {
  logout
}
    `);new Z(`
    query Me {
  me {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  email
  role
  active
  lastLoginAt
  createdAt
}`);var No=new Z(`
    query Admins {
  admins {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  email
  role
  active
  lastLoginAt
  createdAt
}`),Po=new Z(`
    mutation CreateAdmin($input: CreateAdminInput!) {
  createAdmin(input: $input) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  email
  role
  active
  lastLoginAt
  createdAt
}`),Fo=new Z(`
    mutation SetAdminActive($id: String!, $active: Boolean!) {
  setAdminActive(id: $id, active: $active)
}
    `),Io=new Z(`
    mutation SetAdminRole($id: String!, $role: RoleName!) {
  setAdminRole(id: $id, role: $role)
}
    `),Lo=new Z(`
    query Customers($search: String, $first: Int!, $after: String) {
  customers(search: $search, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      name
      phone
      locationId
      active
      balance
      debt
    }
  }
}
    `),Ro=new Z(`
    query Customer($id: String!) {
  customer(id: $id) {
    id
    name
    phone
    email
    address
    locationId
    notes
    active
    balance
    debt
    createdAt
    subscriptions {
      id
      kind
      username
      profile
      price
      cycle
      expiry
      status
      autoRenew
      routerState
    }
    invoices(first: 20) {
      id
      number
      amount
      outstanding
      status
      dueDate
      periodStart
      periodEnd
    }
    ledger(first: 50) {
      ...LedgerFields
    }
  }
}
    fragment LedgerFields on LedgerEntry {
  id
  kind
  amount
  reason
  reference
  balanceAfter
  debtAfter
  recordedAt
}`),zo=new Z(`
    mutation CreateCustomer($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    id
  }
}
    `),Bo=new Z(`
    mutation RecordCashPayment($invoiceId: String!, $amount: Decimal!, $reference: String!, $asDebt: Boolean!) {
  recordCashPayment(
    invoiceId: $invoiceId
    amount: $amount
    reference: $reference
    asDebt: $asDebt
  ) {
    status
    outstanding
  }
}
    `),Vo=new Z(`
    mutation CreateSubscription($input: CreateSubscriptionInput!) {
  createSubscription(input: $input) {
    id
  }
}
    `),Ho=new Z(`
    mutation CancelSubscription($id: String!, $reason: String!) {
  cancelSubscription(id: $id, reason: $reason) {
    id
    status
  }
}
    `),Uo=new Z(`
    mutation SetAutoRenew($id: String!, $enabled: Boolean!) {
  setSubscriptionAutoRenew(id: $id, enabled: $enabled) {
    id
    autoRenew
  }
}
    `),Wo=new Z(`
    mutation IssueInvoice($subscriptionId: String!) {
  issueInvoice(subscriptionId: $subscriptionId) {
    id
    number
  }
}
    `),Go=new Z(`
    query Subscriptions($status: SubscriptionStatusName, $first: Int!, $after: String) {
  subscriptions(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      customerId
      kind
      username
      profile
      price
      cycle
      expiry
      status
      autoRenew
      customer {
        name
      }
    }
  }
}
    `),Ko=new Z(`
    query Invoices($status: InvoiceStatusName, $first: Int!, $after: String) {
  invoices(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      number
      customerId
      amount
      outstanding
      status
      dueDate
      issuedAt
      customer {
        name
      }
    }
  }
}
    `),qo=new Z(`
    query Payments($status: String) {
  payments(status: $status, first: 50) {
    ...PaymentFields
  }
}
    fragment PaymentFields on Payment {
  id
  kind
  invoiceId
  plugin
  channel
  orderId
  amount
  total
  status
  reviewFlag
  paidAt
  refundedTotal
  createdAt
}`),Jo=new Z(`
    subscription PaymentsLive {
  paymentsChanged {
    ...PaymentFields
  }
}
    fragment PaymentFields on Payment {
  id
  kind
  invoiceId
  plugin
  channel
  orderId
  amount
  total
  status
  reviewFlag
  paidAt
  refundedTotal
  createdAt
}`),Yo=new Z(`
    mutation ConfirmManualPayment($paymentId: String!, $amount: Decimal!, $reference: String) {
  confirmManualPayment(
    paymentId: $paymentId
    amount: $amount
    reference: $reference
  ) {
    ...PaymentFields
  }
}
    fragment PaymentFields on Payment {
  id
  kind
  invoiceId
  plugin
  channel
  orderId
  amount
  total
  status
  reviewFlag
  paidAt
  refundedTotal
  createdAt
}`),Xo=new Z(`
    mutation ResolvePaymentReview($paymentId: String!, $approve: Boolean!, $note: String!) {
  resolvePaymentReview(paymentId: $paymentId, approve: $approve, note: $note) {
    ...PaymentFields
  }
}
    fragment PaymentFields on Payment {
  id
  kind
  invoiceId
  plugin
  channel
  orderId
  amount
  total
  status
  reviewFlag
  paidAt
  refundedTotal
  createdAt
}`),Zo=new Z(`
    mutation RefundPayment($paymentId: String!, $amount: Decimal!, $reason: String!, $refundRef: String!) {
  refundPayment(
    paymentId: $paymentId
    amount: $amount
    reason: $reason
    refundRef: $refundRef
  ) {
    ...PaymentFields
  }
}
    fragment PaymentFields on Payment {
  id
  kind
  invoiceId
  plugin
  channel
  orderId
  amount
  total
  status
  reviewFlag
  paidAt
  refundedTotal
  createdAt
}`),Qo=new Z(`
    query FinanceReport($from: NaiveDate!, $to: NaiveDate!, $groupBy: FinanceGrouping!) {
  financeReport(from: $from, to: $to, groupBy: $groupBy) {
    rows {
      key
      count
      revenue
      cost
      profit
      refunds
      net
    }
    total {
      key
      count
      revenue
      cost
      profit
      refunds
      net
    }
  }
}
    `),$o=new Z(`
    query Overview {
  overview {
    revenueToday
    profitToday
    revenueMonth
    profitMonth
  }
}
    `),es=new Z(`
    query DebtAging {
  debtAging {
    asOf
    total
    count
    buckets {
      label
      amount
      count
    }
  }
}
    `),ts=new Z(`
    mutation CreateSubscriptions($input: CreateSubscriptionsInput!) {
  createSubscriptions(input: $input) {
    id
  }
}
    `),ns=new Z(`
    query WhatsappSenders {
  whatsappSenders {
    id
    name
    provider
    baseUrl
    session
    priority
    active
    healthOk
    healthCheckedAt
    healthError
  }
}
    `),rs=new Z(`
    query WhatsappSenderQr($id: String!) {
  whatsappSenderQr(id: $id)
}
    `),is=new Z(`
    mutation SetWhatsappSenderActive($id: String!, $active: Boolean!) {
  setWhatsappSenderActive(id: $id, active: $active) {
    id
    active
  }
}
    `),as=new Z(`
    mutation CheckWhatsappSender($id: String!) {
  checkWhatsappSender(id: $id) {
    ok
    error
  }
}
    `),os=new Z(`
    query MessageTemplates {
  messageTemplates {
    id
    category
    language
    version
    body
    updatedAt
  }
  templateVariables {
    name
    description
  }
}
    `),ss=new Z(`
    query TemplateVersions($category: TemplateCategory!, $language: MessageLanguage!) {
  messageTemplateVersions(category: $category, language: $language) {
    version
    body
    savedAt
    rolledBackFrom
  }
}
    `),cs=new Z(`
    query PreviewTemplate($body: String!) {
  previewTemplate(body: $body)
}
    `),ls=new Z(`
    mutation SaveTemplate($category: TemplateCategory!, $language: MessageLanguage!, $body: String!) {
  saveMessageTemplate(category: $category, language: $language, body: $body) {
    id
    version
  }
}
    `),us=new Z(`
    mutation RollbackTemplate($category: TemplateCategory!, $language: MessageLanguage!, $version: Int!) {
  rollbackMessageTemplate(
    category: $category
    language: $language
    version: $version
  ) {
    id
    version
  }
}
    `),ds=new Z(`
    query WhatsappMessages($status: String) {
  whatsappMessages(status: $status, limit: 50) {
    ...MessageFields
  }
}
    fragment MessageFields on WhatsAppMessage {
  id
  to
  category
  status
  attempts
  lastError
  queuedAt
  sentAt
  position
}`),fs=new Z(`
    subscription MessagesLive($afterPosition: Int) {
  messagesChanged(afterPosition: $afterPosition) {
    ...MessageFields
  }
}
    fragment MessageFields on WhatsAppMessage {
  id
  to
  category
  status
  attempts
  lastError
  queuedAt
  sentAt
  position
}`),ps=new Z(`
    mutation RetryWhatsappMessage($id: String!) {
  retryWhatsappMessage(id: $id) {
    ...MessageFields
  }
}
    fragment MessageFields on WhatsAppMessage {
  id
  to
  category
  status
  attempts
  lastError
  queuedAt
  sentAt
  position
}`),ms=new Z(`
    query Plugins {
  plugins {
    name
    version
    author
    description
    source
    channels
    active
    settingsValid
    failing
    settings {
      key
      value
      secret
    }
  }
}
    `),hs=new Z(`
    mutation SetPluginActive($name: String!, $active: Boolean!) {
  setPluginActive(name: $name, active: $active) {
    name
    active
  }
}
    `),gs=new Z(`
    mutation UpdatePluginSettings($name: String!, $settings: [SettingInput!]!) {
  updatePluginSettings(name: $name, settings: $settings) {
    name
    settingsValid
  }
}
    `),_s=new Z(`
    mutation SetWhatsappOptOut($phone: String!, $optedOut: Boolean!, $reason: String) {
  setWhatsappOptOut(phone: $phone, optedOut: $optedOut, reason: $reason)
}
    `),vs=new Z(`
    mutation SendTestMessage($to: String!, $text: String) {
  sendTestMessage(to: $to, text: $text) {
    ...MessageFields
  }
}
    fragment MessageFields on WhatsAppMessage {
  id
  to
  category
  status
  attempts
  lastError
  queuedAt
  sentAt
  position
}`),ys=new Z(`
    query Locations {
  locations {
    ...LocationFields
  }
}
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}
fragment LocationFields on Location {
  id
  name
  host
  port
  transport
  username
  hotspotServer
  timeZone
  tlsTrust
  tlsFingerprint
  hasRouterToken
  active
  createdAt
  updatedAt
  health {
    ...HealthFields
  }
}`),bs=new Z(`
    query Location($id: String!) {
  location(id: $id) {
    ...LocationFields
  }
}
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}
fragment LocationFields on Location {
  id
  name
  host
  port
  transport
  username
  hotspotServer
  timeZone
  tlsTrust
  tlsFingerprint
  hasRouterToken
  active
  createdAt
  updatedAt
  health {
    ...HealthFields
  }
}`),xs=new Z(`
    mutation CreateLocation($input: CreateLocationInput!) {
  createLocation(input: $input) {
    ...LocationFields
  }
}
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}
fragment LocationFields on Location {
  id
  name
  host
  port
  transport
  username
  hotspotServer
  timeZone
  tlsTrust
  tlsFingerprint
  hasRouterToken
  active
  createdAt
  updatedAt
  health {
    ...HealthFields
  }
}`),Ss=new Z(`
    mutation UpdateLocation($id: String!, $input: UpdateLocationInput!) {
  updateLocation(id: $id, input: $input) {
    ...LocationFields
  }
}
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}
fragment LocationFields on Location {
  id
  name
  host
  port
  transport
  username
  hotspotServer
  timeZone
  tlsTrust
  tlsFingerprint
  hasRouterToken
  active
  createdAt
  updatedAt
  health {
    ...HealthFields
  }
}`),Cs=new Z(`
    mutation SetLocationActive($id: String!, $active: Boolean!) {
  setLocationActive(id: $id, active: $active) {
    id
    active
  }
}
    `),ws=new Z(`
    mutation SyncRouter($locationId: String!, $repair: Boolean!) {
  syncRouter(locationId: $locationId, repair: $repair)
}
    `),Ts=new Z(`
    query DriftReport($locationId: String!) {
  driftReport(locationId: $locationId) {
    checkedAt
    usersOnRouter
    repairedAt
    items {
      kind
      username
      ppp
      expected
      actual
      error
    }
    repaired {
      kind
      username
    }
    repairFailures {
      kind
      username
      error
    }
  }
}
    `),Es=new Z(`
    query ActiveSessions($locationId: String!) {
  activeSessions(locationId: $locationId) {
    ...SessionFields
  }
}
    fragment SessionFields on ActiveSession {
  kind
  routerId
  username
  address
  macAddress
  uptimeSeconds
  bytesIn
  bytesOut
  observedAt
}`),Ds=new Z(`
    subscription LocationHealthLive($locationId: String!) {
  locationHealth(locationId: $locationId) {
    ...HealthFields
  }
}
    fragment HealthFields on LocationHealth {
  locationId
  online
  checkedAt
  lastSeenAt
  latencyMs
  identity
  version
  board
  uptimeSeconds
  cpuLoad
  freeMemory
  totalMemory
  error
}`),Os=new Z(`
    subscription ActiveSessionsLive($locationId: String!) {
  activeSessionsChanged(locationId: $locationId) {
    ...SessionFields
  }
}
    fragment SessionFields on ActiveSession {
  kind
  routerId
  username
  address
  macAddress
  uptimeSeconds
  bytesIn
  bytesOut
  observedAt
}`),ks=new Z(`
    query PppProfiles($locationId: String!) {
  pppProfiles(locationId: $locationId) {
    id
    name
    rateLimit
    localAddress
    remoteAddress
    price
    retired
  }
}
    `),As=new Z(`
    mutation SetPppProfilePrice($id: String!, $price: Decimal!) {
  setPppProfilePrice(id: $id, price: $price)
}
    `),js=new Z(`
    query Jobs {
  jobs {
    id
    job
    instance
    startedAt
    finishedAt
    outcome
    detail
  }
}
    `),Ms=new Z(`
    mutation RunJob($name: String!) {
  runJob(name: $name) {
    id
    job
    outcome
    detail
  }
}
    `),Ns=new Z(`
    query Outbox($status: String) {
  outbox(status: $status, first: 100) {
    id
    kind
    partitionKey
    status
    attempts
    nextAttemptAt
    lastError
    updatedAt
  }
}
    `),Ps=new Z(`
    mutation RetryOutbox($id: Int!) {
  retryOutboxEntry(id: $id)
}
    `),Fs=new Z(`
    query Projections {
  projections {
    name
    position
    status
    lastError
    failures
    poisoned
  }
}
    `),Is=new Z(`
    query VoucherProfiles($locationId: String!) {
  voucherProfiles(locationId: $locationId) {
    ...VoucherProfileFields
  }
}
    fragment VoucherProfileFields on VoucherProfile {
  id
  locationId
  name
  priceSell
  priceCost
  profit
  validitySeconds
  rateLimit
  uptimeLimitSeconds
  dataQuotaBytes
  retired
  updatedAt
}`),Ls=new Z(`
    mutation UpsertVoucherProfile($input: VoucherProfileInput!) {
  upsertVoucherProfile(input: $input) {
    ...VoucherProfileFields
  }
}
    fragment VoucherProfileFields on VoucherProfile {
  id
  locationId
  name
  priceSell
  priceCost
  profit
  validitySeconds
  rateLimit
  uptimeLimitSeconds
  dataQuotaBytes
  retired
  updatedAt
}`),Rs=new Z(`
    mutation RetireVoucherProfile($id: String!) {
  retireVoucherProfile(id: $id)
}
    `),zs=new Z(`
    query Vouchers($locationId: String!, $status: VoucherStatusName, $first: Int!, $after: String) {
  vouchers(locationId: $locationId, status: $status, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...VoucherFields
    }
  }
}
    fragment VoucherFields on Voucher {
  id
  code
  password
  status
  batchId
  profileName
  priceSell
  validitySeconds
  firstLoginAt
  validUntil
  lastError
  generatedAt
}`),Bs=new Z(`
    query VoucherCounts($locationId: String!) {
  all: vouchers(locationId: $locationId, first: 1) {
    totalCount
  }
  provisioned: vouchers(locationId: $locationId, status: PROVISIONED, first: 1) {
    totalCount
  }
  activated: vouchers(locationId: $locationId, status: ACTIVATED, first: 1) {
    totalCount
  }
}
    `),Vs=new Z(`
    query VoucherByCode($locationId: String!, $code: String!) {
  voucher(locationId: $locationId, code: $code) {
    ...VoucherFields
  }
}
    fragment VoucherFields on Voucher {
  id
  code
  password
  status
  batchId
  profileName
  priceSell
  validitySeconds
  firstLoginAt
  validUntil
  lastError
  generatedAt
}`),Hs=new Z(`
    query VoucherBatches($locationId: String!) {
  voucherBatches(locationId: $locationId, first: 50) {
    id
    profileName
    count
    prefix
    codeLength
    charset
    passwordMode
    priceSell
    generatedBy
    generatedAt
  }
}
    `),Us=new Z(`
    mutation GenerateVouchers($input: GenerateVouchersInput!) {
  generateVouchers(input: $input) {
    id
    count
  }
}
    `),Ws=new Z(`
    mutation RevokeVoucher($id: String!, $reason: String!) {
  revokeVoucher(id: $id, reason: $reason)
}
    `),Gs=new Z(`
    subscription VouchersLive($locationId: String!) {
  vouchersChanged(locationId: $locationId) {
    position
    vouchers {
      ...VoucherFields
    }
  }
}
    fragment VoucherFields on Voucher {
  id
  code
  password
  status
  batchId
  profileName
  priceSell
  validitySeconds
  firstLoginAt
  validUntil
  lastError
  generatedAt
}`);function Ks(e){if(e==null||e===``)return`–`;let t=String(e).trim(),n=t.startsWith(`-`);n&&(t=t.slice(1));let[r=`0`,i=``]=t.split(`.`),a=r.replace(/^0+(?=\d)/,``).replace(/\B(?=(\d{3})+(?!\d))/g,`.`),o=i.replace(/0+$/,``);return`${n?`-`:``}Rp ${a}${o?`,`+o:``}`}function qs(e){switch(e){case`Asia/Jakarta`:case`Asia/Pontianak`:return`WIB`;case`Asia/Makassar`:return`WITA`;case`Asia/Jayapura`:return`WIT`;default:return e}}var Js=`Asia/Jakarta`;function Ys(e,t,n=Js){if(!e)return`–`;let r=new Date(e);return Number.isNaN(r.getTime())?e:`${new Intl.DateTimeFormat(t===`id`?`id-ID`:`en-GB`,{timeZone:n,day:`numeric`,month:`short`,year:`numeric`,hour:`2-digit`,minute:`2-digit`}).format(r)} ${qs(n)}`}function Xs(e,t=Js){let n=new Intl.DateTimeFormat(`en-CA`,{timeZone:t,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`,hourCycle:`h23`}).formatToParts(e),r=e=>Number(n.find(t=>t.type===e)?.value??0),i=r(`hour`)*36e5+r(`minute`)*6e4+r(`second`)*1e3;return new Date(e.getTime()-i-e.getMilliseconds())}function Zs(e,t){if(e==null)return`–`;let n=Math.floor(e/86400),r=Math.floor(e%86400/3600),i=Math.floor(e%3600/60),a=t===`id`?`h`:`d`,o=t===`id`?`j`:`h`,s=[];return n&&s.push(`${n}${a}`),r&&s.push(`${r}${o}`),i&&!n&&s.push(`${i}m`),s.length?s.join(` `):`${e}s`}function Qs(e){if(e==null)return`–`;let t=[`B`,`KiB`,`MiB`,`GiB`,`TiB`],n=e,r=0;for(;n>=1024&&r<t.length-1;)n/=1024,r++;return`${r===0?n:n.toFixed(1)} ${t[r]}`}function $s(e){let t=e.replace(/Rp/i,``).replace(/\s/g,``).replace(/\./g,``).replace(`,`,`.`);return/^\d+(\.\d{1,2})?$/.test(t)?t:null}var ec=`tagih.location`,Q=I({list:[],loaded:!1,current:typeof localStorage>`u`?null:localStorage.getItem(ec)});async function tc(e=!1){return Q.loaded&&!e||(Q.list=(await X(ys)).locations,Q.loaded=!0,Q.list.some(e=>e.id===Q.current)||nc(Q.list[0]?.id??null)),Q.list}function nc(e){Q.current=e,e?localStorage.setItem(ec,e):localStorage.removeItem(ec)}function rc(e){return Q.list.find(t=>t.id===e)?.timeZone??`Asia/Jakarta`}var ic={id:{"nav.overview":`Ringkasan`,"nav.locations":`Lokasi`,"nav.profiles":`Profil`,"nav.vouchers":`Voucher`,"nav.generate":`Buat voucher`,"nav.batches":`Batch & cetak`,"nav.customers":`Pelanggan`,"nav.subscriptions":`Langganan`,"nav.invoices":`Tagihan`,"nav.payments":`Pembayaran`,"nav.reports":`Laporan`,"nav.whatsapp":`WhatsApp`,"nav.plugins":`Plugin`,"nav.jobs":`Tugas & antrean`,"nav.events":`Log audit`,"nav.admins":`Admin`,"nav.g.main":`Dasbor`,"nav.g.network":`Jaringan`,"nav.g.vouchers":`Voucher`,"nav.g.billing":`Penagihan`,"nav.g.system":`Sistem`,"nav.menu":`Menu`,"nav.logout":`Keluar`,"nav.language":`Bahasa`,"nav.skip":`Langsung ke isi`,"role.operator":`Operator`,"role.admin":`Admin`,"role.super_admin":`Super admin`,"login.title":`Masuk untuk mengelola jaringan Anda`,"login.username":`Nama pengguna`,"login.password":`Kata sandi`,"login.submit":`Masuk`,"login.required":`Isi nama pengguna dan kata sandi.`,"login.expired":`Sesi Anda telah berakhir. Silakan masuk lagi.`,"login.loggedOut":`Anda telah keluar.`,"common.loading":`Memuat…`,"common.empty":`Belum ada data.`,"common.save":`Simpan`,"common.saving":`Menyimpan…`,"common.edit":`Ubah`,"common.search":`Cari`,"common.status":`Status`,"common.all":`Semua`,"common.name":`Nama`,"common.location":`Lokasi`,"common.more":`Tampilkan lagi`,"common.time":`Waktu`,"common.kind":`Jenis`,"common.active":`Aktif`,"common.inactive":`Nonaktif`,"common.activate":`Aktifkan`,"common.deactivate":`Nonaktifkan`,"common.retry":`Coba lagi`,"common.count":`{n} seluruhnya`,"common.notFound":`Halaman tidak ditemukan`,"common.forbiddenTitle":`Tidak tersedia untuk peran Anda`,"error.BAD_USER_INPUT":`Periksa isian`,"error.REJECTED":`Ditolak`,"error.CONFLICT":`Diubah orang lain, coba lagi`,"error.UNAUTHENTICATED":`Nama pengguna atau kata sandi salah, atau sesi berakhir`,"error.FORBIDDEN":`Peran Anda tidak boleh melakukan ini.`,"error.NOT_FOUND":`Tidak ditemukan`,"error.INTERNAL":`Terjadi kesalahan di server. Coba lagi.`,"error.RATE_LIMITED":`Terlalu banyak permintaan, tunggu sebentar`,"error.NETWORK":`Server tidak dapat dihubungi`,"form.required":`Wajib diisi`,"form.invalidHost":`Nama host atau IP tanpa spasi`,"form.invalidPort":`Port antara 1 dan 65535`,"form.invalidFingerprint":`64 karakter heksadesimal (boleh dengan titik dua)`,"form.invalidMoney":`Jumlah seperti 5000 atau 5.000`,"form.invalidDuration":`Seperti 1d, 12h, 30m atau detik`,"form.invalidCount":`Antara 1 dan 10.000`,"form.invalidLength":`Antara 4 dan 16`,"form.invalidPrefix":`Paling banyak 16 huruf, angka, _ atau -`,"form.invalidPhone":`Nomor HP Indonesia, mis. 0812…`,"form.invalidUrl":`Alamat yang diawali http:// atau https://`,"form.invalidUsername":`3–64 huruf, angka, . _ atau -`,"form.passwordShort":`Minimal 8 karakter`,"health.title":`Kesehatan`,"health.online":`Daring`,"health.offline":`Luring`,"health.unknown":`Belum dicek`,"health.never":`Belum ada pengecekan.`,"health.checked":`dicek`,"health.cpu":`CPU`,"health.uptime":`Waktu aktif`,"health.identity":`Identitas`,"health.memory":`Memori bebas`,"health.latency":`Latensi`,"health.lastSeen":`Terakhir terlihat`,"overview.hotspotSessions":`Hotspot daring`,"overview.pppSessions":`PPPoE daring`,"overview.generatedToday":`Voucher dibuat hari ini`,"overview.unused":`Voucher belum terpakai`,"overview.activated":`Voucher terpakai`,"overview.vouchersTotal":`Seluruh voucher`,"overview.revenueToday":`Pendapatan hari ini`,"overview.revenueMonth":`Pendapatan bulan ini`,"overview.attention":`Perlu perhatian`,"overview.allGood":`Semua beres.`,"overview.deadOutbox":`{n} pengiriman macet`,"overview.projectionFailing":`Model baca {name} gagal`,"overview.pluginFailing":`Plugin {name} gagal`,"overview.jobFailed":`Tugas {name} gagal`,"overview.payments":`Pembayaran terbaru`,"locations.none":`Belum ada lokasi.`,"locations.create":`Tambah lokasi`,"locations.router":`Router`,"locations.zone":`Zona waktu`,"locations.host":`Alamat router`,"locations.port":`Port`,"locations.transport":`Koneksi`,"locations.username":`Pengguna router`,"locations.passwordKeep":`Kata sandi router (kosongkan bila tetap)`,"locations.hotspotServer":`Server hotspot`,"locations.tlsTrust":`Kepercayaan sertifikat`,"locations.tls.VERIFY":`Verifikasi (bertanda tangan CA)`,"locations.tls.PINNED":`Sidik jari tetap`,"locations.tls.ACCEPT_SELF_SIGNED":`Terima swa-tanda-tangan`,"locations.fingerprint":`Sidik jari SHA-256`,"locations.tab.health":`Kesehatan`,"locations.tab.sessions":`Sesi aktif`,"locations.tab.sync":`Sinkron & selisih`,"locations.tab.edit":`Pengaturan`,"locations.tokenYes":`webhook siap`,"locations.tokenNo":`belum disinkron`,"locations.address":`Alamat`,"locations.syncNow":`Sinkron sekarang`,"locations.syncRepair":`Sinkron dan perbaiki selisih`,"locations.drift":`Laporan selisih`,"locations.driftNone":`Belum pernah disinkron.`,"locations.noDrift":`Router dan Tagih sama.`,"locations.usersOnRouter":`{n} pengguna di router`,"locations.expected":`Seharusnya`,"locations.actual":`Di router`,"locations.repaired":`{n} diperbaiki`,"profiles.voucher":`Profil voucher`,"profiles.ppp":`Profil PPP`,"profiles.sell":`Harga jual`,"profiles.cost":`Modal`,"profiles.profit":`Laba`,"profiles.price":`Harga`,"profiles.validity":`Masa berlaku`,"profiles.rateLimit":`Batas kecepatan`,"profiles.uptimeLimit":`Batas waktu pakai`,"profiles.retired":`dipensiunkan`,"profiles.retire":`Pensiunkan`,"profiles.form":`Tambah atau ubah profil`,"profiles.retireConfirm":`Pensiunkan profil {name}? Voucher yang ada tetap berlaku.`,"vouchers.code":`Kode`,"vouchers.profile":`Profil`,"vouchers.searchCode":`Cari kode`,"vouchers.notFound":`Tidak ada voucher dengan kode itu.`,"vouchers.revoke":`Cabut`,"vouchers.revokeReason":`Alasan mencabut {code}?`,"vouchers.total":`{n} voucher`,"vstatus.GENERATED":`Dibuat`,"vstatus.PROVISIONED":`Siap`,"vstatus.ACTIVATED":`Terpakai`,"vstatus.EXPIRED":`Kedaluwarsa`,"vstatus.REMOVED":`Dihapus`,"vstatus.REVOKED":`Dicabut`,"charset.UPPER":`Huruf besar`,"charset.LOWER":`Huruf kecil`,"charset.DIGITS":`Angka`,"charset.MIXED":`Huruf dan angka`,"pwmode.SAME_AS_USERNAME":`Sama dengan kode`,"pwmode.SEPARATE":`Kata sandi terpisah`,"generate.count":`Jumlah`,"generate.prefix":`Awalan`,"generate.length":`Panjang kode`,"generate.charset":`Karakter`,"generate.passwordMode":`Kata sandi`,"generate.priceOverride":`Harga lain (opsional)`,"generate.submit":`Buat`,"generate.working":`Membuat…`,"generate.done":`{n} voucher dibuat.`,"generate.onRouter":`Sudah di router`,"generate.noProfiles":`Lokasi ini belum punya profil voucher.`,"batches.print":`Cetak`,"print.title":`Cetak voucher`,"print.paper":`Kertas`,"print.roll":`Kertas termal {mm} mm`,"print.columns":`Kolom`,"print.compact":`Ringkas (hingga 120 per halaman)`,"print.ssid":`Nama WiFi / hotspot`,"print.loginUrl":`Alamat login hotspot (untuk kode QR)`,"print.summary":`{n} voucher dalam {pages} halaman, {per} per halaman`,"print.print":`Cetak`,"print.pdf":`Simpan PDF`,"print.pdfHint":`Untuk menyimpan PDF, pilih “Simpan sebagai PDF” sebagai printer.`,"print.page":`Halaman {n}`,"print.password":`Sandi`,"customers.search":`Nama, nomor HP atau nama pengguna`,"customers.phone":`Nomor HP`,"customers.balance":`Saldo`,"customers.debt":`Utang`,"customers.new":`Pelanggan baru`,"customers.address":`Alamat`,"customers.ledger":`Buku saldo dan utang`,"customers.recordCash":`Catat tunai`,"customers.cashAmount":`Jumlah diterima`,"customers.receipt":`Nomor kuitansi`,"subs.autoRenew":`Perpanjang otomatis`,"subs.issueInvoice":`Terbitkan tagihan`,"subs.cancel":`Batalkan`,"subs.cancelReason":`Alasan membatalkan?`,"subs.profile":`Profil PPP`,"subs.auto":`otomatis`,"subs.create":`Tambah langganan`,"subs.expiry":`Berakhir`,"subs.count":`Jumlah akun`,"subs.prefix":`Awalan nama pengguna`,"form.invalidSubCount":`Antara 1 dan 500`,"invoices.number":`Nomor`,"invoices.amount":`Jumlah`,"invoices.outstanding":`Sisa`,"invoices.due":`Jatuh tempo`,"payments.method":`Metode`,"payments.amount":`Jumlah`,"payments.confirm":`Konfirmasi diterima`,"payments.approve":`Setujui`,"payments.reject":`Tolak`,"payments.refund":`Kembalikan dana`,"payments.note":`Catatan`,"payments.reason":`Alasan`,"reports.from":`Dari`,"reports.to":`Sampai`,"reports.group":`Kelompokkan`,"reports.csv":`Unduh CSV`,"reports.key":`Kelompok`,"reports.count":`Penjualan`,"reports.received":`Diterima`,"reports.refunded":`Dikembalikan`,"reports.chart":`Grafik`,"reports.revenue":`Pendapatan`,"reports.cost":`Modal`,"reports.profit":`Laba`,"reports.net":`Bersih`,"reports.sum":`Jumlah`,"reports.aging":`Umur piutang`,"reports.days":`hari`,"reports.total":`Total piutang`,"reports.g.DAY":`Hari`,"reports.g.METHOD":`Metode`,"reports.g.LOCATION":`Lokasi`,"reports.g.OPERATOR":`Operator`,"reports.g.MONTH":`Bulan`,"reports.g.PROFILE":`Profil`,"reports.g.SOURCE":`Sumber`,"wa.senders":`Pengirim`,"wa.templates":`Templat`,"wa.messages":`Pesan`,"wa.priority":`prioritas`,"wa.check":`Cek sekarang`,"wa.qr":`Tautkan dengan QR`,"wa.noQr":`Tidak ada kode QR: sudah tertaut, atau penyedia tidak memakainya.`,"wa.category":`Kategori`,"wa.body":`Pesan`,"wa.variables":`Variabel`,"wa.preview":`Pratinjau`,"wa.versions":`Versi`,"wa.rollback":`Pulihkan`,"wa.testText":`Teks (kosong: templat dengan data contoh)`,"wa.sendTest":`Kirim pesan uji`,"wa.optOut":`Hentikan pesan ke nomor ini`,"wa.optIn":`Lanjutkan pesan`,"wa.optedOut":`Nomor ini tidak lagi menerima pemberitahuan.`,"wa.optedIn":`Pemberitahuan ke nomor ini dilanjutkan.`,"plugins.upload":`Unggah plugin (ZIP)`,"plugins.uploaded":`Plugin terpasang.`,"plugins.needsSettings":`perlu pengaturan`,"plugins.secretKeep":`tidak diubah`,"admins.role":`Peran`,"admins.lastLogin":`Terakhir masuk`,"admins.new":`Admin baru`,"jobs.runNow":`Jalankan sekarang`,"jobs.busy":`Sedang berjalan di instans lain.`,"jobs.outbox":`Pengiriman macet`,"jobs.retried":`Diantrekan lagi.`,"jobs.projections":`Model baca`,"events.history":`Riwayat satu catatan`,"events.type":`Jenis catatan`,"events.at":`Keadaan pada (opsional)`,"events.stateAt":`Keadaan saat itu`},en:{"nav.overview":`Overview`,"nav.locations":`Locations`,"nav.profiles":`Profiles`,"nav.vouchers":`Vouchers`,"nav.generate":`Generate vouchers`,"nav.batches":`Batches & printing`,"nav.customers":`Customers`,"nav.subscriptions":`Subscriptions`,"nav.invoices":`Invoices`,"nav.payments":`Payments`,"nav.reports":`Reports`,"nav.whatsapp":`WhatsApp`,"nav.plugins":`Plugins`,"nav.jobs":`Jobs & queues`,"nav.events":`Audit log`,"nav.admins":`Admins`,"nav.g.main":`Dashboard`,"nav.g.network":`Network`,"nav.g.vouchers":`Vouchers`,"nav.g.billing":`Billing`,"nav.g.system":`System`,"nav.menu":`Menu`,"nav.logout":`Log out`,"nav.language":`Language`,"nav.skip":`Skip to content`,"role.operator":`Operator`,"role.admin":`Admin`,"role.super_admin":`Super admin`,"login.title":`Sign in to manage your network`,"login.username":`Username`,"login.password":`Password`,"login.submit":`Sign in`,"login.required":`Enter your username and password.`,"login.expired":`Your session has ended. Please sign in again.`,"login.loggedOut":`You have signed out.`,"common.loading":`Loading…`,"common.empty":`Nothing here yet.`,"common.save":`Save`,"common.saving":`Saving…`,"common.edit":`Edit`,"common.search":`Search`,"common.status":`Status`,"common.all":`All`,"common.name":`Name`,"common.location":`Location`,"common.more":`Show more`,"common.time":`Time`,"common.kind":`Kind`,"common.active":`Active`,"common.inactive":`Inactive`,"common.activate":`Activate`,"common.deactivate":`Deactivate`,"common.retry":`Retry`,"common.count":`{n} in all`,"common.notFound":`Page not found`,"common.forbiddenTitle":`Not available for your role`,"error.BAD_USER_INPUT":`Check the input`,"error.REJECTED":`Refused`,"error.CONFLICT":`Changed by someone else, try again`,"error.UNAUTHENTICATED":`Wrong username or password, or the session ended`,"error.FORBIDDEN":`Your role may not do this.`,"error.NOT_FOUND":`Not found`,"error.INTERNAL":`Something went wrong on the server. Try again.`,"error.RATE_LIMITED":`Too many requests, wait a moment`,"error.NETWORK":`Cannot reach the server`,"form.required":`Required`,"form.invalidHost":`Host name or IP without spaces`,"form.invalidPort":`A port between 1 and 65535`,"form.invalidFingerprint":`64 hexadecimal characters (colons allowed)`,"form.invalidMoney":`An amount such as 5000 or 5.000`,"form.invalidDuration":`Like 1d, 12h, 30m or seconds`,"form.invalidCount":`Between 1 and 10,000`,"form.invalidLength":`Between 4 and 16`,"form.invalidPrefix":`Up to 16 letters, digits, _ or -`,"form.invalidPhone":`An Indonesian mobile number, e.g. 0812…`,"form.invalidUrl":`An address starting with http:// or https://`,"form.invalidUsername":`3–64 letters, digits, . _ or -`,"form.passwordShort":`At least 8 characters`,"health.title":`Health`,"health.online":`Online`,"health.offline":`Offline`,"health.unknown":`Not checked`,"health.never":`No health check yet.`,"health.checked":`checked`,"health.cpu":`CPU`,"health.uptime":`Uptime`,"health.identity":`Identity`,"health.memory":`Free memory`,"health.latency":`Latency`,"health.lastSeen":`Last seen`,"overview.hotspotSessions":`Hotspot online`,"overview.pppSessions":`PPPoE online`,"overview.generatedToday":`Vouchers generated today`,"overview.unused":`Unused vouchers`,"overview.activated":`Vouchers in use`,"overview.vouchersTotal":`Vouchers in all`,"overview.revenueToday":`Today's income`,"overview.revenueMonth":`This month's income`,"overview.attention":`Needs attention`,"overview.allGood":`All clear.`,"overview.deadOutbox":`{n} stuck deliveries`,"overview.projectionFailing":`Read model {name} is failing`,"overview.pluginFailing":`Plugin {name} is failing`,"overview.jobFailed":`Job {name} failed`,"overview.payments":`Latest payments`,"locations.none":`No locations yet.`,"locations.create":`Add location`,"locations.router":`Router`,"locations.zone":`Time zone`,"locations.host":`Router address`,"locations.port":`Port`,"locations.transport":`Connection`,"locations.username":`Router user`,"locations.passwordKeep":`Router password (leave empty to keep)`,"locations.hotspotServer":`Hotspot server`,"locations.tlsTrust":`Certificate trust`,"locations.tls.VERIFY":`Verify (CA-signed)`,"locations.tls.PINNED":`Pinned fingerprint`,"locations.tls.ACCEPT_SELF_SIGNED":`Accept self-signed`,"locations.fingerprint":`SHA-256 fingerprint`,"locations.tab.health":`Health`,"locations.tab.sessions":`Active sessions`,"locations.tab.sync":`Sync & drift`,"locations.tab.edit":`Settings`,"locations.tokenYes":`webhook ready`,"locations.tokenNo":`not synced yet`,"locations.address":`Address`,"locations.syncNow":`Sync now`,"locations.syncRepair":`Sync and repair drift`,"locations.drift":`Drift report`,"locations.driftNone":`No sync has run yet.`,"locations.noDrift":`Router and Tagih agree.`,"locations.usersOnRouter":`{n} users on the router`,"locations.expected":`Expected`,"locations.actual":`On router`,"locations.repaired":`{n} repaired`,"profiles.voucher":`Voucher profiles`,"profiles.ppp":`PPP profiles`,"profiles.sell":`Sell price`,"profiles.cost":`Cost`,"profiles.profit":`Profit`,"profiles.price":`Price`,"profiles.validity":`Validity`,"profiles.rateLimit":`Speed limit`,"profiles.uptimeLimit":`Uptime limit`,"profiles.retired":`retired`,"profiles.retire":`Retire`,"profiles.form":`Add or change a profile`,"profiles.retireConfirm":`Retire profile {name}? Existing vouchers keep working.`,"vouchers.code":`Code`,"vouchers.profile":`Profile`,"vouchers.searchCode":`Find by code`,"vouchers.notFound":`No voucher with that code.`,"vouchers.revoke":`Revoke`,"vouchers.revokeReason":`Why revoke {code}?`,"vouchers.total":`{n} vouchers`,"vstatus.GENERATED":`Generated`,"vstatus.PROVISIONED":`Ready`,"vstatus.ACTIVATED":`In use`,"vstatus.EXPIRED":`Expired`,"vstatus.REMOVED":`Removed`,"vstatus.REVOKED":`Revoked`,"charset.UPPER":`Capital letters`,"charset.LOWER":`Small letters`,"charset.DIGITS":`Digits`,"charset.MIXED":`Letters and digits`,"pwmode.SAME_AS_USERNAME":`Same as the code`,"pwmode.SEPARATE":`Separate password`,"generate.count":`How many`,"generate.prefix":`Prefix`,"generate.length":`Code length`,"generate.charset":`Characters`,"generate.passwordMode":`Password`,"generate.priceOverride":`Other price (optional)`,"generate.submit":`Generate`,"generate.working":`Generating…`,"generate.done":`{n} vouchers generated.`,"generate.onRouter":`On the router`,"generate.noProfiles":`This location has no voucher profile yet.`,"batches.print":`Print`,"print.title":`Print vouchers`,"print.paper":`Paper`,"print.roll":`Thermal roll {mm} mm`,"print.columns":`Columns`,"print.compact":`Compact (up to 120 per page)`,"print.ssid":`WiFi / hotspot name`,"print.loginUrl":`Hotspot login address (for the QR code)`,"print.summary":`{n} vouchers on {pages} pages, {per} per page`,"print.print":`Print`,"print.pdf":`Save as PDF`,"print.pdfHint":`To save a PDF, choose “Save as PDF” as the printer.`,"print.page":`Page {n}`,"print.password":`Password`,"customers.search":`Name, phone or username`,"customers.phone":`Phone`,"customers.balance":`Credit`,"customers.debt":`Debt`,"customers.new":`New customer`,"customers.address":`Address`,"customers.ledger":`Credit and debt ledger`,"customers.recordCash":`Record cash`,"customers.cashAmount":`Amount received`,"customers.receipt":`Receipt number`,"subs.autoRenew":`Auto-renew`,"subs.issueInvoice":`Issue invoice`,"subs.cancel":`Cancel`,"subs.cancelReason":`Why cancel?`,"subs.profile":`PPP profile`,"subs.auto":`automatic`,"subs.create":`Add subscription`,"subs.expiry":`Expires`,"subs.count":`How many accounts`,"subs.prefix":`Username prefix`,"form.invalidSubCount":`Between 1 and 500`,"invoices.number":`Number`,"invoices.amount":`Amount`,"invoices.outstanding":`Outstanding`,"invoices.due":`Due`,"payments.method":`Method`,"payments.amount":`Amount`,"payments.confirm":`Confirm received`,"payments.approve":`Approve`,"payments.reject":`Reject`,"payments.refund":`Refund`,"payments.note":`Note`,"payments.reason":`Reason`,"reports.from":`From`,"reports.to":`To`,"reports.group":`Group by`,"reports.csv":`Download CSV`,"reports.key":`Group`,"reports.count":`Sales`,"reports.received":`Received`,"reports.refunded":`Refunded`,"reports.chart":`Chart`,"reports.revenue":`Revenue`,"reports.cost":`Cost`,"reports.profit":`Profit`,"reports.net":`Net`,"reports.sum":`Total`,"reports.aging":`Debt aging`,"reports.days":`days`,"reports.total":`Total owed`,"reports.g.DAY":`Day`,"reports.g.METHOD":`Method`,"reports.g.LOCATION":`Location`,"reports.g.OPERATOR":`Operator`,"reports.g.MONTH":`Month`,"reports.g.PROFILE":`Profile`,"reports.g.SOURCE":`Source`,"wa.senders":`Senders`,"wa.templates":`Templates`,"wa.messages":`Messages`,"wa.priority":`priority`,"wa.check":`Check now`,"wa.qr":`Link with QR`,"wa.noQr":`No QR code: already linked, or the provider has none.`,"wa.category":`Category`,"wa.body":`Message`,"wa.variables":`Variables`,"wa.preview":`Preview`,"wa.versions":`Versions`,"wa.rollback":`Restore`,"wa.testText":`Text (empty: the template with sample data)`,"wa.sendTest":`Send a test message`,"wa.optOut":`Stop messages to this number`,"wa.optIn":`Resume messages`,"wa.optedOut":`This number gets no more notices.`,"wa.optedIn":`Notices to this number resume.`,"plugins.upload":`Upload a plugin (ZIP)`,"plugins.uploaded":`Plugin installed.`,"plugins.needsSettings":`needs settings`,"plugins.secretKeep":`unchanged`,"admins.role":`Role`,"admins.lastLogin":`Last sign-in`,"admins.new":`New admin`,"jobs.runNow":`Run now`,"jobs.busy":`Already running on another instance.`,"jobs.outbox":`Stuck deliveries`,"jobs.retried":`Queued again.`,"jobs.projections":`Read models`,"events.history":`History of one record`,"events.type":`Record type`,"events.at":`State at (optional)`,"events.stateAt":`State at that time`}},ac=I({lang:(typeof localStorage>`u`?null:localStorage.getItem(`tagih.lang`))===`en`?`en`:`id`});function oc(e){ac.lang=e,localStorage.setItem(`tagih.lang`,e),document.documentElement.lang=e}function $(e,t){return sc(ac.lang,e,t)}function sc(e,t,n){let r=ic[e][t]??t;if(n)for(let[e,t]of Object.entries(n))r=r.replaceAll(`{${e}}`,String(t));return r}var cc=[`BAD_USER_INPUT`,`REJECTED`,`CONFLICT`,`UNAUTHENTICATED`,`FORBIDDEN`,`NOT_FOUND`,`INTERNAL`,`RATE_LIMITED`,`NETWORK`];function lc(e){if(e instanceof _o){let t=cc.includes(e.code)?e.code:`INTERNAL`,n=$(`error.${t}`);return t===`BAD_USER_INPUT`||t===`REJECTED`||t===`CONFLICT`?`${n}: ${e.message}`:n}return $(`error.INTERNAL`)}var uc=W(`<p class="state" role="status" aria-live="polite"> </p>`),dc=W(`<p class="state error" role="alert"> </p>`),fc=W(`<p class="state muted"> </p>`);function pc(e,t){Xe(t,!0);let n=Ka(t,`loading`,3,!1),r=Ka(t,`error`,3,null),i=Ka(t,`empty`,3,!1);var a=Ki(),o=R(a),s=e=>{var t=uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.loading`)]),G(e,t)},c=e=>{var t=dc(),n=z(t,!0);V(e=>K(n,e),[()=>lc(r())]),G(e,t)},l=e=>{var t=fc(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(o,e=>{n()?e(s):r()?e(c,1):i()&&e(l,2)}),G(e,a),Ze()}var mc=W(`<span> </span>`);function hc(e,t){let n=Ka(t,`tone`,3,`neutral`);var r=mc(),i=z(r,!0);V(()=>{ba(r,1,`badge ${n()??``}`),K(i,t.text)}),G(e,r)}async function gc(e,t,n=new Date){let r=Xs(n,t).getTime(),i=null,a=0;for(let t=0;t<10;t++){let{vouchers:t}=await _c(e,i);for(let e of t.nodes){if(new Date(e.generatedAt).getTime()<r)return a;a++}if(!t.pageInfo.hasNextPage)return a;i=t.pageInfo.endCursor}return a}function _c(e,t){return X(zs,{locationId:e,first:1e3,after:t})}var vc=W(`<p class="muted"><!> </p>`),yc=W(`<p class="error" role="alert"> </p>`),bc=W(`<section class="card"><div class="row spread"><h2><a> </a></h2> <!></div> <!> <div class="grid wide"><div class="stat"><span class="value" data-testid="hotspot-count"> </span><span class="label"> </span></div> <div class="stat"><span class="value" data-testid="ppp-count"> </span><span class="label"> </span></div> <div class="stat"><span class="value" data-testid="generated-today"> </span><span class="label"> </span></div> <div class="stat"><span class="value" data-testid="unused-count"> </span><span class="label"> </span></div> <div class="stat"><span class="value" data-testid="activated-count"> </span><span class="label"> </span></div> <div class="stat"><span class="value" data-testid="voucher-total"> </span><span class="label"> </span></div></div> <!></section>`);function xc(e,t){Xe(t,!0);let n=P(I(wi(()=>t.location.health))),r=P(I([])),i=P(null),a=P(null),o=P(null),s=N(()=>H(r).filter(e=>e.kind===`HOTSPOT`).length),c=N(()=>H(r).length-H(s));async function l(){try{let e=await X(Bs,{locationId:t.location.id});F(i,{all:e.all.totalCount,provisioned:e.provisioned.totalCount,activated:e.activated.totalCount},!0),F(a,await gc(t.location.id,t.location.timeZone),!0)}catch(e){F(o,e,!0)}}let u=null;function d(){u||=setTimeout(()=>{u=null,l()},400)}Yn(()=>{let e=t.location.id;l(),X(Es,{locationId:e}).then(e=>F(r,e.activeSessions,!0)).catch(e=>F(o,e,!0));let i=[Eo(Ds,()=>({locationId:e}),e=>F(n,e.locationHealth,!0)),Eo(Os,()=>({locationId:e}),e=>F(r,e.activeSessionsChanged,!0),void 0,()=>X(Es,{locationId:e}).then(e=>F(r,e.activeSessions,!0)).catch(()=>{})),Eo(Gs,()=>({locationId:e}),()=>d(),void 0,()=>d())];return()=>{i.forEach(e=>e()),u&&clearTimeout(u)}});var f=bc(),p=L(f),m=L(p),h=L(m),g=z(h,!0);M(m);var _=B(m,2),v=e=>{{let t=N(()=>$(`health.unknown`));hc(e,{get text(){return H(t)}})}},y=e=>{{let t=N(()=>$(`health.online`));hc(e,{get text(){return H(t)},tone:`good`})}},b=e=>{{let t=N(()=>$(`health.offline`));hc(e,{get text(){return H(t)},tone:`bad`})}};q(_,e=>{H(n)?H(n).online?e(y,1):e(b,-1):e(v)}),M(p);var x=B(p,2),S=e=>{var r=vc(),i=L(r),a=e=>{var t=Gi();V((e,r,i)=>K(t,`${e??``} ${H(n).cpuLoad??`–`??``}% · ${r??``} ${i??``}
        · ${H(n).latencyMs??`–`??``} ms`),[()=>$(`health.cpu`),()=>$(`health.uptime`),()=>Zs(H(n).uptimeSeconds,ac.lang)]),G(e,t)},o=e=>{var t=Gi();V(()=>K(t,H(n).error??``)),G(e,t)};q(i,e=>{H(n).online?e(a):e(o,-1)});var s=B(i);M(r),V((e,t)=>K(s,` · ${e??``} ${t??``}`),[()=>$(`health.checked`),()=>Ys(H(n).checkedAt,ac.lang,t.location.timeZone)]),G(e,r)};q(x,e=>{H(n)&&e(S)});var C=B(x,2),w=L(C),T=L(w),E=z(T,!0),D=z(B(T),!0);M(w);var ee=B(w,2),O=L(ee),k=z(O,!0),te=z(B(O),!0);M(ee);var ne=B(ee,2),re=L(ne),ie=z(re,!0),ae=z(B(re),!0);M(ne);var oe=B(ne,2),se=L(oe),ce=z(se,!0),le=z(B(se),!0);M(oe);var ue=B(oe,2),de=L(ue),fe=z(de,!0),pe=z(B(de),!0);M(ue);var me=B(ue,2),he=L(me),ge=z(he,!0),_e=z(B(he),!0);M(me),M(C);var ve=B(C,2),A=e=>{var t=yc(),n=z(t,!0);V(e=>K(n,e),[()=>$(`error.INTERNAL`)]),G(e,t)};q(ve,e=>{H(o)&&e(A)}),M(f),V((e,n,r,o,l,u)=>{Y(f,`aria-labelledby`,`loc-${t.location.id??``}`),Y(f,`data-testid`,`tile-${t.location.name??``}`),Y(m,`id`,`loc-${t.location.id??``}`),Y(h,`href`,`/locations/${t.location.id??``}`),K(g,t.location.name),K(E,H(s)),K(D,e),K(k,H(c)),K(te,n),K(ie,H(a)??`–`),K(ae,r),K(ce,H(i)?.provisioned??`–`),K(le,o),K(fe,H(i)?.activated??`–`),K(pe,l),K(ge,H(i)?.all??`–`),K(_e,u)},[()=>$(`overview.hotspotSessions`),()=>$(`overview.pppSessions`),()=>$(`overview.generatedToday`),()=>$(`overview.unused`),()=>$(`overview.activated`),()=>$(`overview.vouchersTotal`)]),G(e,f),Ze()}var Sc=W(`<p class="ok"> </p>`),Cc=W(`<li><a href="/jobs"> </a></li>`),wc=W(`<li> </li>`),Tc=W(`<li><a href="/settings/plugins"> </a></li>`),Ec=W(`<ul><!> <!> <!> <!></ul>`),Dc=W(`<section class="card" data-testid="attention"><h2> </h2> <!></section>`),Oc=W(`<div class="grid"><section class="card stat" aria-live="polite"><span class="value" data-testid="revenue-today"> </span> <span class="label"> </span></section> <section class="card stat" aria-live="polite"><span class="value" data-testid="revenue-month"> </span> <span class="label"> </span></section></div> <!>`,1),kc=W(`<a href="/locations/new"> </a>`),Ac=W(`<p class="card"> <!></p>`),jc=W(`<p class="muted"> </p>`),Mc=W(`<li class="row spread"><span> </span> <span class="row"><!> <span class="muted"> </span></span></li>`),Nc=W(`<ul class="feed" aria-live="polite"></ul>`),Pc=W(`<h1> </h1> <!> <!> <!> <!> <section class="card"><h2> </h2> <!></section>`,1);function Fc(e,t){Xe(t,!0);let n=P(null),r=P(I([])),i=P(null),a=P(null),o=go(`admin`);async function s(){let e=await X($o);F(i,{today:e.overview.revenueToday,month:e.overview.revenueMonth},!0)}async function c(){let[e,t,n,r]=await Promise.all([X(Ns,{status:`dead`}),X(Fs),X(ms),X(js)]),i=new Map;for(let e of r.jobs)i.has(e.job)||i.set(e.job,e.outcome);F(a,{outbox:e.outbox.length,projections:t.projections.filter(e=>e.status!==`live`).map(e=>e.name),plugins:n.plugins.filter(e=>e.failing).map(e=>e.name),jobs:[...i].filter(([,e])=>e===`FAILED`).map(([e])=>e)},!0)}let l=null;function u(){l||=setTimeout(()=>{l=null,Promise.all([s(),c()]).catch(e=>F(n,e,!0))},1e3)}Yn(()=>wi(d));function d(){tc(!0).catch(e=>F(n,e,!0)),X(qo,{}).then(e=>F(r,e.payments.slice(0,10),!0)).catch(e=>F(n,e,!0));let e=[Eo(Jo,()=>({}),e=>{let t=e.paymentsChanged;F(r,[...t,...H(r).filter(e=>!t.some(t=>t.id===e.id))].slice(0,10),!0)},void 0,()=>{X(qo,{}).then(e=>F(r,e.payments.slice(0,10),!0)).catch(()=>{})})];if(o){u();let t=null;e.push(Eo(Ao,()=>({afterPosition:t}),e=>{t=e.events.position,u()}))}return()=>{e.forEach(e=>e()),l&&clearTimeout(l),l=null}}function f(e){return e===`PAID`?`good`:e===`PENDING`||e===`REVIEW`?`warn`:e===`FAILED`||e===`EXPIRED`?`bad`:`neutral`}var p=Pc(),m=R(p),h=z(m,!0),g=B(m,2);{let e=N(()=>!Q.loaded&&!H(n));pc(g,{get loading(){return H(e)},get error(){return H(n)}})}var _=B(g,2),v=e=>{var t=Oc(),n=R(t),r=L(n),o=L(r),s=z(o,!0),c=z(B(o,2),!0);M(r);var l=B(r,2),u=L(l),d=z(u,!0),f=z(B(u,2),!0);M(l),M(n);var p=B(n,2),m=e=>{var t=Dc(),n=L(t),r=z(n,!0),i=B(n,2),o=e=>{var t=Sc(),n=z(t,!0);V(e=>K(n,e),[()=>$(`overview.allGood`)]),G(e,t)},s=e=>{var t=Ec(),n=L(t),r=e=>{var t=Cc(),n=z(L(t),!0);M(t),V(e=>K(n,e),[()=>$(`overview.deadOutbox`,{n:H(a).outbox})]),G(e,t)};q(n,e=>{H(a).outbox&&e(r)});var i=B(n,2);J(i,16,()=>H(a).projections,e=>e,(e,t)=>{var n=wc(),r=z(n,!0);V(e=>K(r,e),[()=>$(`overview.projectionFailing`,{name:t})]),G(e,n)});var o=B(i,2);J(o,16,()=>H(a).plugins,e=>e,(e,t)=>{var n=Tc(),r=z(L(n),!0);M(n),V(e=>K(r,e),[()=>$(`overview.pluginFailing`,{name:t})]),G(e,n)}),J(B(o,2),16,()=>H(a).jobs,e=>e,(e,t)=>{var n=Cc(),r=z(L(n),!0);M(n),V(e=>K(r,e),[()=>$(`overview.jobFailed`,{name:t})]),G(e,n)}),M(t),G(e,t)};q(i,e=>{H(a).outbox===0&&!H(a).projections.length&&!H(a).plugins.length&&!H(a).jobs.length?e(o):e(s,-1)}),M(t),V(e=>K(r,e),[()=>$(`overview.attention`)]),G(e,t)};q(p,e=>{H(a)&&e(m)}),V((e,t,n,r)=>{K(s,e),K(c,t),K(d,n),K(f,r)},[()=>H(i)?Ks(H(i).today):`–`,()=>$(`overview.revenueToday`),()=>H(i)?Ks(H(i).month):`–`,()=>$(`overview.revenueMonth`)]),G(e,t)};q(_,e=>{o&&e(v)});var y=B(_,2),b=e=>{var t=Ac(),n=L(t),r=B(n),i=e=>{var t=kc(),n=z(t,!0);V(e=>K(n,e),[()=>$(`locations.create`)]),G(e,t)},a=N(()=>go(`super_admin`));q(r,e=>{H(a)&&e(i)}),M(t),V(e=>K(n,`${e??``} `),[()=>$(`locations.none`)]),G(e,t)};q(y,e=>{Q.loaded&&Q.list.length===0&&e(b)});var x=B(y,2);J(x,17,()=>Q.list.filter(e=>e.active),e=>e.id,(e,t)=>{xc(e,{get location(){return H(t)}})});var S=B(x,2),C=L(S),w=z(C,!0),T=B(C,2),E=e=>{var t=jc(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)},D=e=>{var t=Nc();J(t,21,()=>H(r),e=>e.id,(e,t)=>{var n=Mc(),r=L(n),i=z(r),a=B(r,2),o=L(a);{let e=N(()=>f(H(t).status));hc(o,{get text(){return H(t).status},get tone(){return H(e)}})}var s=z(B(o,2),!0);M(a),M(n),V((e,n)=>{K(i,`${e??``} · ${H(t).plugin??``}${H(t).channel?` / ${H(t).channel}`:``}`),K(s,n)},[()=>Ks(H(t).amount),()=>Ys(H(t).paidAt??H(t).createdAt,ac.lang)]),G(e,n)}),M(t),G(e,t)};q(T,e=>{H(r).length===0?e(E):e(D,-1)}),M(S),V((e,t)=>{K(h,e),K(w,t)},[()=>$(`nav.overview`),()=>$(`overview.payments`)]),G(e,p),Ze()}var Ic=W(`<a href="/locations/new"> </a>`),Lc=W(`<div class="muted"> </div>`),Rc=W(`<tr><td><a> </a><!></td><td class="mono"> </td><td><!> <!></td><td> </td></tr>`),zc=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th> </th><th> </th></tr></thead><tbody></tbody></table></div>`),Bc=W(`<div class="row spread"><h1> </h1> <!></div> <!> <!>`,1);function Vc(e,t){Xe(t,!0);let n=P(null),r=P(!0);Yn(()=>{tc(!0).catch(e=>F(n,e,!0)).finally(()=>F(r,!1))});var i=Bc(),a=R(i),o=L(a),s=z(o,!0),c=B(o,2),l=e=>{var t=Ic(),n=z(t,!0);V(e=>K(n,e),[()=>$(`locations.create`)]),G(e,t)},u=N(()=>go(`super_admin`));q(c,e=>{H(u)&&e(l)}),M(a);var d=B(a,2);{let e=N(()=>!H(r)&&Q.list.length===0);pc(d,{get loading(){return H(r)},get error(){return H(n)},get empty(){return H(e)}})}var f=B(d,2),p=e=>{var t=zc(),n=L(t),r=L(n),i=L(r),a=L(i),o=z(a,!0),s=B(a),c=z(s,!0),l=B(s),u=z(l,!0),d=z(B(l),!0);M(i),M(r);var f=B(r);J(f,21,()=>Q.list,e=>e.id,(e,t)=>{var n=Rc(),r=L(n),i=L(r),a=z(i,!0),o=B(i),s=e=>{{let t=N(()=>$(`common.inactive`));hc(e,{get text(){return H(t)}})}};q(o,e=>{H(t).active||e(s)}),M(r);var c=B(r),l=z(c),u=B(c),d=L(u),f=e=>{{let t=N(()=>$(`health.unknown`));hc(e,{get text(){return H(t)}})}},p=e=>{{let t=N(()=>$(`health.online`));hc(e,{get text(){return H(t)},tone:`good`})}},m=e=>{{let t=N(()=>$(`health.offline`));hc(e,{get text(){return H(t)},tone:`bad`})}};q(d,e=>{H(t).health?H(t).health.online?e(p,1):e(m,-1):e(f)});var h=B(d,2),g=e=>{var n=Lc(),r=z(n,!0);V(e=>K(r,e),[()=>Ys(H(t).health.checkedAt,ac.lang,H(t).timeZone)]),G(e,n)};q(h,e=>{H(t).health&&e(g)}),M(u);var _=z(B(u),!0);M(n),V(e=>{Y(i,`href`,`/locations/${H(t).id??``}`),K(a,H(t).name),K(l,`${H(t).host??``}:${H(t).port??``} (${H(t).transport??``})`),K(_,e)},[()=>qs(H(t).timeZone)]),G(e,n)}),M(f),M(n),M(t),V((e,t,n,r)=>{K(o,e),K(c,t),K(u,n),K(d,r)},[()=>$(`common.name`),()=>$(`locations.router`),()=>$(`health.title`),()=>$(`locations.zone`)]),G(e,t)};q(f,e=>{Q.list.length&&e(p)}),V(e=>K(s,e),[()=>$(`nav.locations`)]),G(e,i),Ze()}Be();function Hc(e,t){let n={};e.name.trim()||(n.name=`form.required`),e.host.trim()?/\s/.test(e.host.trim())&&(n.host=`form.invalidHost`):n.host=`form.required`;let r=Number(e.port);if((!/^\d+$/.test(e.port.trim())||r<1||r>65535)&&(n.port=`form.invalidPort`),e.username.trim()||(n.username=`form.required`),t&&!e.password&&(n.password=`form.required`),e.transport===`API_TLS`&&e.tlsTrust===`PINNED`){let t=e.tlsFingerprint.replace(/:/g,``).trim();/^[0-9a-fA-F]{64}$/.test(t)||(n.tlsFingerprint=`form.invalidFingerprint`)}return n}var Uc=W(`<span class="field-error"> </span>`),Wc=W(`<label><span> </span><input name="fingerprint" class="mono"/> <!></label>`),Gc=W(`<label><span> </span> <select name="tls-trust"><option> </option><option> </option><option> </option></select></label> <!>`,1),Kc=W(`<p class="error" role="alert"> </p>`),qc=W(`<form novalidate="" class="card"><div class="form-grid"><label><span> </span><input name="name"/> <!></label> <label><span> </span><input name="host"/> <!></label> <label><span> </span> <select name="transport"><option>API (8728)</option><option>API-SSL (8729)</option><option>REST</option></select></label> <label><span> </span><input name="port" inputmode="numeric"/> <!></label> <label><span> </span><input name="router-username" autocomplete="off"/> <!></label> <label><span> </span> <input name="router-password" type="password" autocomplete="new-password"/> <!></label> <label><span> </span><input name="hotspot-server"/></label> <label><span> </span> <select name="zone"><option>WIB (Asia/Jakarta)</option><option>WIB (Asia/Pontianak)</option><option>WITA (Asia/Makassar)</option><option>WIT (Asia/Jayapura)</option></select></label> <!></div> <!> <button class="primary" type="submit"> </button></form>`);function Jc(e,t){Xe(t,!0);let n=Ka(t,`existing`,3,null),r=wi(()=>n()),i=I({name:r?.name??``,host:r?.host??``,port:String(r?.port??8728),transport:r?.transport??`API`,username:r?.username??``,password:``,hotspotServer:r?.hotspotServer??`hotspot1`,timeZone:r?.timeZone??`Asia/Jakarta`,tlsTrust:r?.tlsTrust??`VERIFY`,tlsFingerprint:r?.tlsFingerprint??``}),a=P(!1),o=P(!1),s=P(null),c=N(()=>Hc(i,n()===null));async function l(e){if(e.preventDefault(),F(a,!0),Object.keys(H(c)).length)return;F(o,!0),F(s,null);let r={name:i.name.trim(),host:i.host.trim(),port:Number(i.port),transport:i.transport,username:i.username.trim(),hotspotServer:i.hotspotServer.trim(),timeZone:i.timeZone,tlsTrust:i.transport===`API_TLS`?i.tlsTrust:void 0,tlsFingerprint:i.transport===`API_TLS`&&i.tlsTrust===`PINNED`?i.tlsFingerprint.trim():void 0};try{if(n()){let e=await X(Ss,{id:n().id,input:{...r,password:i.password?i.password:void 0}});t.onsaved(e.updateLocation)}else{let e=await X(xs,{input:{...r,password:i.password}});t.onsaved(e.createLocation)}}catch(e){F(s,lc(e),!0)}finally{F(o,!1)}}let u=e=>H(a)?H(c)[e]:void 0;var d=qc(),f=L(d),p=L(f),m=L(p),h=z(m,!0),g=B(m);Ma(g);var _=B(g,2),v=e=>{var t=Uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(u(`name`))]),G(e,t)},y=N(()=>u(`name`));q(_,e=>{H(y)&&e(v)}),M(p);var b=B(p,2),x=L(b),S=z(x,!0),C=B(x);Ma(C);var w=B(C,2),T=e=>{var t=Uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(u(`host`))]),G(e,t)},E=N(()=>u(`host`));q(w,e=>{H(E)&&e(T)}),M(b);var D=B(b,2),ee=L(D),O=z(ee,!0),k=B(ee,2),te=L(k);te.value=te.__value=`API`;var ne=B(te);ne.value=ne.__value=`API_TLS`;var re=B(ne);re.value=re.__value=`REST`,M(k),wa(k),M(D);var ie=B(D,2),ae=L(ie),oe=z(ae,!0),se=B(ae);Ma(se);var ce=B(se,2),le=e=>{var t=Uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(u(`port`))]),G(e,t)},ue=N(()=>u(`port`));q(ce,e=>{H(ue)&&e(le)}),M(ie);var de=B(ie,2),fe=L(de),pe=z(fe,!0),me=B(fe);Ma(me);var he=B(me,2),ge=e=>{var t=Uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(u(`username`))]),G(e,t)},_e=N(()=>u(`username`));q(he,e=>{H(_e)&&e(ge)}),M(de);var ve=B(de,2),A=L(ve),ye=z(A,!0),j=B(A,2);Ma(j);var be=B(j,2),xe=e=>{var t=Uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(u(`password`))]),G(e,t)},Se=N(()=>u(`password`));q(be,e=>{H(Se)&&e(xe)}),M(ve);var Ce=B(ve,2),we=L(Ce),Te=z(we,!0),Ee=B(we);Ma(Ee),M(Ce);var De=B(Ce,2),Oe=L(De),ke=z(Oe,!0),Ae=B(Oe,2),je=L(Ae);je.value=je.__value=`Asia/Jakarta`;var Me=B(je);Me.value=Me.__value=`Asia/Pontianak`;var Ne=B(Me);Ne.value=Ne.__value=`Asia/Makassar`;var Pe=B(Ne);Pe.value=Pe.__value=`Asia/Jayapura`,M(Ae),wa(Ae),M(De);var Fe=B(De,2),Ie=e=>{var t=Gc(),n=R(t),r=L(n),a=z(r,!0),o=B(r,2),s=L(o),c=z(s,!0);s.value=s.__value=`VERIFY`;var l=B(s),d=z(l,!0);l.value=l.__value=`PINNED`;var f=B(l),p=z(f,!0);f.value=f.__value=`ACCEPT_SELF_SIGNED`,M(o),wa(o),M(n);var m=B(n,2),h=e=>{var t=Wc(),n=L(t),r=z(n,!0),a=B(n);Ma(a);var o=B(a,2),s=e=>{var t=Uc(),n=z(t,!0);V(e=>K(n,e),[()=>$(u(`tlsFingerprint`))]),G(e,t)},c=N(()=>u(`tlsFingerprint`));q(o,e=>{H(c)&&e(s)}),M(t),V((e,t)=>{K(r,e),Y(a,`aria-invalid`,t)},[()=>$(`locations.fingerprint`),()=>!!u(`tlsFingerprint`)]),Ra(a,()=>i.tlsFingerprint,e=>i.tlsFingerprint=e),G(e,t)};q(m,e=>{i.tlsTrust===`PINNED`&&e(h)}),V((e,t,n,r)=>{K(a,e),K(c,t),K(d,n),K(p,r)},[()=>$(`locations.tlsTrust`),()=>$(`locations.tls.VERIFY`),()=>$(`locations.tls.PINNED`),()=>$(`locations.tls.ACCEPT_SELF_SIGNED`)]),Ta(o,()=>i.tlsTrust,e=>i.tlsTrust=e),G(e,t)};q(Fe,e=>{i.transport===`API_TLS`&&e(Ie)}),M(f);var Le=B(f,2),Re=e=>{var t=Kc(),n=z(t,!0);V(()=>K(n,H(s))),G(e,t)};q(Le,e=>{H(s)&&e(Re)});var ze=B(Le,2),Be=z(ze,!0);M(d),V((e,t,n,r,i,a,s,c,l,u,d,f,p,m)=>{K(h,e),Y(g,`aria-invalid`,t),K(S,n),Y(C,`aria-invalid`,r),K(O,i),K(oe,a),Y(se,`aria-invalid`,s),K(pe,c),Y(me,`aria-invalid`,l),K(ye,u),Y(j,`aria-invalid`,d),K(Te,f),K(ke,p),ze.disabled=H(o),K(Be,m)},[()=>$(`common.name`),()=>!!u(`name`),()=>$(`locations.host`),()=>!!u(`host`),()=>$(`locations.transport`),()=>$(`locations.port`),()=>!!u(`port`),()=>$(`locations.username`),()=>!!u(`username`),()=>n()?$(`locations.passwordKeep`):$(`login.password`),()=>!!u(`password`),()=>$(`locations.hotspotServer`),()=>$(`locations.zone`),()=>H(o)?$(`common.saving`):$(`common.save`)]),Pi(`submit`,d,l),Ra(g,()=>i.name,e=>i.name=e),Ra(C,()=>i.host,e=>i.host=e),Ta(k,()=>i.transport,e=>i.transport=e),Ra(se,()=>i.port,e=>i.port=e),Ra(me,()=>i.username,e=>i.username=e),Ra(j,()=>i.password,e=>i.password=e),Ra(Ee,()=>i.hotspotServer,e=>i.hotspotServer=e),Ta(Ae,()=>i.timeZone,e=>i.timeZone=e),G(e,d),Ze()}var Yc=I({path:typeof location>`u`?`/`:location.pathname,query:new URLSearchParams(typeof location>`u`?``:location.search)});function Xc(){Yc.path=location.pathname,Yc.query=new URLSearchParams(location.search)}function Zc(e,t=!1){e!==location.pathname+location.search&&(t?history.replaceState(null,``,e):history.pushState(null,``,e),Xc(),window.scrollTo(0,0))}function Qc(){window.addEventListener(`popstate`,Xc),document.addEventListener(`click`,e=>{if(e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey||e.altKey)return;let t=e.target?.closest?.(`a`);!t||t.target||t.hasAttribute(`download`)||t.origin!==location.origin||t.pathname.startsWith(`/graphql`)||(e.preventDefault(),Zc(t.pathname+t.search))})}function $c(e,t){let n=e.split(`/`).filter(Boolean),r=t.split(`/`).filter(Boolean);if(n.length!==r.length)return null;let i={};for(let e=0;e<n.length;e++)if(n[e].startsWith(`:`))i[n[e].slice(1)]=decodeURIComponent(r[e]);else if(n[e]!==r[e])return null;return i}var el=W(`<h1> </h1> <!>`,1);function tl(e,t){Xe(t,!1),Ha();var n=el(),r=R(n),i=z(r,!0);Jc(B(r,2),{onsaved:async e=>{await tc(!0),nc(e.id),Zc(`/locations/${e.id}`)}}),V(e=>K(i,e),[()=>$(`locations.create`)]),G(e,n),Ze()}var nl=W(`<button role="tab"> </button>`),rl=W(`<p class="muted"> </p>`),il=W(`<p class="error"> </p>`),al=W(`<p><!> <span class="muted"> </span></p> <dl class="grid wide"><div><dt class="muted"> </dt><dd> </dd></div> <div><dt class="muted">RouterOS</dt><dd> </dd></div> <div><dt class="muted"> </dt><dd> </dd></div> <div><dt class="muted"> </dt><dd> </dd></div> <div><dt class="muted"> </dt><dd> </dd></div> <div><dt class="muted"> </dt><dd> </dd></div> <div><dt class="muted"> </dt><dd> </dd></div></dl> <!>`,1),ol=W(`<button> </button>`),sl=W(`<section class="card" aria-live="polite"><!> <p class="muted mono"> </p> <!></section>`),cl=W(`<tr><td> </td><td class="mono"> </td><td class="mono"> <br/> </td><td class="num"> </td><td class="num"> </td></tr>`),ll=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th> </th><th class="num"> </th><th class="num">↓/↑</th></tr></thead><tbody></tbody></table></div>`),ul=W(`<section class="card"><h2> </h2> <!></section>`),dl=W(`<p role="status"> </p>`),fl=W(`<pre data-testid="sync-result"> </pre>`),pl=W(`<p class="error" role="alert"> </p>`),ml=W(`<p class="ok"> </p>`),hl=W(`<tr><td> </td><td class="mono"> </td><td> </td><td> </td></tr>`),gl=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th> </th><th> </th></tr></thead><tbody></tbody></table></div>`),_l=W(`<p> </p>`),vl=W(`<p class="muted"> </p> <!> <!>`,1),yl=W(`<section class="card"><div class="row"><button class="primary"> </button> <button> </button></div> <!> <!> <!> <h2> </h2> <!></section>`),bl=W(`<div class="row spread"><h1> </h1> <span class="row"><!> <a> </a> <a> </a></span></div> <div class="tabs" role="tablist"></div> <!>`,1),xl=W(`<!> <!>`,1);function Sl(e,t){Xe(t,!0);let n=wi(()=>t.params.id),r=P(`health`),i=P(null),a=P(!0),o=P(null),s=P(I([])),c=P(null),l=P(null),u=P(null),d=P(!1);Yn(()=>{X(bs,{id:n}).then(e=>F(i,e.location,!0)).catch(e=>F(o,e,!0)).finally(()=>F(a,!1)),X(Es,{locationId:n}).then(e=>F(s,e.activeSessions,!0)).catch(()=>{}),go(`admin`)&&X(Ts,{locationId:n}).then(e=>F(c,e.driftReport,!0)).catch(()=>{});let e=[Eo(Ds,()=>({locationId:n}),e=>{H(i)&&(H(i).health=e.locationHealth)}),Eo(Os,()=>({locationId:n}),e=>F(s,e.activeSessionsChanged,!0))];return()=>e.forEach(e=>e())});async function f(e){F(d,!0),F(u,null);try{F(l,(await X(ws,{locationId:n,repair:e})).syncRouter,!0),F(c,(await X(Ts,{locationId:n})).driftReport,!0)}catch(e){F(u,lc(e),!0)}finally{F(d,!1)}}async function p(){if(H(i))try{let e=await X(Cs,{id:n,active:!H(i).active});H(i).active=e.setLocationActive.active,tc(!0)}catch(e){F(o,e,!0)}}let m=N(()=>[[`health`,`locations.tab.health`,!0],[`sessions`,`locations.tab.sessions`,!0],[`sync`,`locations.tab.sync`,go(`admin`)],[`edit`,`locations.tab.edit`,go(`super_admin`)]].filter(e=>e[2]));var g=xl(),_=R(g);pc(_,{get loading(){return H(a)},get error(){return H(o)}});var v=B(_,2),y=e=>{var t=bl(),n=R(t),a=L(n),o=z(a,!0),g=B(a,2),_=L(g),v=e=>{{let t=N(()=>$(`common.inactive`));hc(e,{get text(){return H(t)}})}};q(_,e=>{H(i).active||e(v)});var y=B(_,2),b=z(y,!0),x=B(y,2),S=z(x,!0);M(g),M(n);var C=B(n,2);J(C,21,()=>H(m),([e,t])=>e,(e,t)=>{var n=N(()=>h(H(t),2));let i=()=>H(n)[0],a=()=>H(n)[1];var o=nl(),s=z(o,!0);V(e=>{Y(o,`aria-selected`,H(r)===i()),K(s,e)},[()=>$(a())]),U(`click`,o,()=>F(r,i(),!0)),G(e,o)}),M(C);var w=B(C,2),T=e=>{var t=sl(),n=L(t),r=e=>{var t=rl(),n=z(t,!0);V(e=>K(n,e),[()=>$(`health.never`)]),G(e,t)},a=e=>{var t=al(),n=R(t),r=L(n),a=e=>{{let t=N(()=>$(`health.online`));hc(e,{get text(){return H(t)},tone:`good`})}},o=e=>{{let t=N(()=>$(`health.offline`));hc(e,{get text(){return H(t)},tone:`bad`})}};q(r,e=>{H(i).health.online?e(a):e(o,-1)});var s=z(B(r,2));M(n);var c=B(n,2),l=L(c),u=L(l),d=z(u,!0),f=z(B(u),!0);M(l);var p=B(l,2),m=z(B(L(p)));M(p);var h=B(p,2),g=L(h),_=z(g,!0),v=z(B(g));M(h);var y=B(h,2),b=L(y),x=z(b,!0),S=z(B(b));M(y);var C=B(y,2),w=L(C),T=z(w,!0),E=z(B(w),!0);M(C);var D=B(C,2),ee=L(D),O=z(ee,!0),k=z(B(ee));M(D);var te=B(D,2),ne=L(te),re=z(ne,!0),ie=z(B(ne),!0);M(te),M(c);var ae=B(c,2),oe=e=>{var t=il(),n=z(t,!0);V(()=>K(n,H(i).health.error)),G(e,t)};q(ae,e=>{H(i).health.error&&e(oe)}),V((e,t,n,r,a,o,c,l,u,p,h,g)=>{K(s,`${e??``} ${t??``}`),K(d,n),K(f,H(i).health.identity??`–`),K(m,`${H(i).health.version??`–`??``} ${H(i).health.board??``??``}`),K(_,r),K(v,`${H(i).health.cpuLoad??`–`??``}%`),K(x,a),K(S,`${o??``} / ${c??``}`),K(T,l),K(E,u),K(O,p),K(k,`${H(i).health.latencyMs??`–`??``} ms`),K(re,h),K(ie,g)},[()=>$(`health.checked`),()=>Ys(H(i).health.checkedAt,ac.lang,H(i).timeZone),()=>$(`health.identity`),()=>$(`health.cpu`),()=>$(`health.memory`),()=>Qs(H(i).health.freeMemory),()=>Qs(H(i).health.totalMemory),()=>$(`health.uptime`),()=>Zs(H(i).health.uptimeSeconds,ac.lang),()=>$(`health.latency`),()=>$(`health.lastSeen`),()=>Ys(H(i).health.lastSeenAt,ac.lang,H(i).timeZone)]),G(e,t)};q(n,e=>{H(i).health?e(a,-1):e(r)});var o=B(n,2),s=z(o),c=B(o,2),l=e=>{var t=ol(),n=z(t,!0);V(e=>K(n,e),[()=>H(i).active?$(`common.deactivate`):$(`common.activate`)]),U(`click`,t,p),G(e,t)},u=N(()=>go(`super_admin`));q(c,e=>{H(u)&&e(l)}),M(t),V((e,t)=>K(s,`${H(i).host??``}:${H(i).port??``} · ${H(i).transport??``} · ${H(i).hotspotServer??``} · ${e??``}
        · ${t??``}`),[()=>qs(H(i).timeZone),()=>H(i).hasRouterToken?$(`locations.tokenYes`):$(`locations.tokenNo`)]),G(e,t)},E=e=>{var t=ul(),n=L(t),r=z(n),i=B(n,2),a=e=>{var t=rl(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)},o=e=>{var t=ll(),n=L(t),r=L(n),i=L(r),a=L(i),o=z(a,!0),c=B(a),l=z(c,!0),u=B(c),d=z(u,!0),f=z(B(u),!0);Se(),M(i),M(r);var p=B(r);J(p,21,()=>H(s),e=>e.kind+e.routerId,(e,t)=>{var n=cl(),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),s=B(a),c=L(s,!0),l=B(c,2,!0);M(s);var u=B(s),d=z(u,!0),f=z(B(u));M(n),V((e,n,r)=>{K(i,H(t).kind),K(o,H(t).username),K(c,H(t).address??`–`),K(l,H(t).macAddress??``),K(d,e),K(f,`${n??``} / ${r??``}`)},[()=>Zs(H(t).uptimeSeconds,ac.lang),()=>Qs(H(t).bytesIn),()=>Qs(H(t).bytesOut)]),G(e,n)}),M(p),M(n),M(t),V((e,t,n,r)=>{K(o,e),K(l,t),K(d,n),K(f,r)},[()=>$(`common.kind`),()=>$(`login.username`),()=>$(`locations.address`),()=>$(`health.uptime`)]),G(e,t)};q(i,e=>{H(s).length===0?e(a):e(o,-1)}),M(t),V(e=>K(r,`${e??``} (${H(s).length??``})`),[()=>$(`locations.tab.sessions`)]),G(e,t)},D=e=>{var t=yl(),n=L(t),r=L(n),a=z(r,!0),o=B(r,2),s=z(o,!0);M(n);var p=B(n,2),m=e=>{var t=dl(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.loading`)]),G(e,t)};q(p,e=>{H(d)&&e(m)});var h=B(p,2),g=e=>{var t=fl(),n=z(t,!0);V(()=>K(n,H(l))),G(e,t)};q(h,e=>{H(l)&&e(g)});var _=B(h,2),v=e=>{var t=pl(),n=z(t,!0);V(()=>K(n,H(u))),G(e,t)};q(_,e=>{H(u)&&e(v)});var y=B(_,2),b=z(y,!0),x=B(y,2),S=e=>{var t=rl(),n=z(t,!0);V(e=>K(n,e),[()=>$(`locations.driftNone`)]),G(e,t)},C=e=>{var t=vl(),n=R(t),r=z(n),a=B(n,2),o=e=>{var t=ml(),n=z(t,!0);V(e=>K(n,e),[()=>$(`locations.noDrift`)]),G(e,t)},s=e=>{var t=gl(),n=L(t),r=L(n),i=L(r),a=L(i),o=z(a,!0),s=B(a),l=z(s,!0),u=B(s),d=z(u,!0),f=z(B(u),!0);M(i),M(r);var p=B(r);J(p,21,()=>H(c).items,ia,(e,t)=>{var n=hl(),r=L(n),i=z(r),a=B(r),o=z(a,!0),s=B(a),c=z(s,!0),l=z(B(s),!0);M(n),V(()=>{K(i,`${H(t).kind??``}${H(t).ppp?` (PPP)`:``}`),K(o,H(t).username),K(c,H(t).expected??`–`),K(l,H(t).actual??`–`)}),G(e,n)}),M(p),M(n),M(t),V((e,t,n,r)=>{K(o,e),K(l,t),K(d,n),K(f,r)},[()=>$(`common.kind`),()=>$(`login.username`),()=>$(`locations.expected`),()=>$(`locations.actual`)]),G(e,t)};q(a,e=>{H(c).items.length===0?e(o):e(s,-1)});var l=B(a,2),u=e=>{var t=_l(),n=z(t);V((e,t)=>K(n,`${e??``} · ${t??``}`),[()=>$(`locations.repaired`,{n:H(c).repaired.length}),()=>Ys(H(c).repairedAt,ac.lang,H(i).timeZone)]),G(e,t)};q(l,e=>{H(c).repairedAt&&e(u)}),V((e,t)=>K(r,`${e??``} · ${t??``}`),[()=>Ys(H(c).checkedAt,ac.lang,H(i).timeZone),()=>$(`locations.usersOnRouter`,{n:H(c).usersOnRouter})]),G(e,t)};q(x,e=>{H(c)?e(C,-1):e(S)}),M(t),V((e,t,n)=>{r.disabled=H(d),K(a,e),o.disabled=H(d),K(s,t),K(b,n)},[()=>$(`locations.syncNow`),()=>$(`locations.syncRepair`),()=>$(`locations.drift`)]),U(`click`,r,()=>f(!1)),U(`click`,o,()=>f(!0)),G(e,t)},ee=e=>{Jc(e,{get existing(){return H(i)},onsaved:e=>{F(i,e,!0),F(r,`health`),tc(!0)}})};q(w,e=>{H(r)===`health`?e(T):H(r)===`sessions`?e(E,1):H(r)===`sync`?e(D,2):H(r)===`edit`&&e(ee,3)}),V((e,t)=>{K(o,H(i).name),Y(y,`href`,`/vouchers?location=${H(i).id??``}`),K(b,e),Y(x,`href`,`/profiles?location=${H(i).id??``}`),K(S,t)},[()=>$(`nav.vouchers`),()=>$(`nav.profiles`)]),G(e,t)};q(v,e=>{H(i)&&e(y)}),G(e,g),Ze()}Fi([`click`]);var Cl=W(`<p class="state muted"> <a href="/locations/new"> </a></p>`),wl=W(`<option> </option>`),Tl=W(`<label class="picker"><span> </span> <select></select></label>`),El=W(`<!> <!>`,1);function Dl(e,t){Xe(t,!0);let n=P(null);Yn(()=>{tc().catch(e=>F(n,e,!0))});var r=El(),i=R(r);pc(i,{get error(){return H(n)}});var a=B(i,2),o=e=>{var t=Cl(),n=L(t),r=z(B(n),!0);M(t),V((e,t)=>{K(n,`${e??``} `),K(r,t)},[()=>$(`locations.none`),()=>$(`locations.create`)]),G(e,t)},s=e=>{var t=Tl(),n=L(t),r=z(n,!0),i=B(n,2);J(i,21,()=>Q.list,e=>e.id,(e,t)=>{var n=wl(),r=z(n,!0),i={};V(()=>{K(r,H(t).name),i!==(i=H(t).id)&&(n.value=(n.__value=i)??``)}),G(e,n)}),M(i);var a;wa(i),M(t),V(e=>{K(r,e),a!==(a=Q.current)&&(i.value=(i.__value=a)??``,Ca(i,a))},[()=>$(`common.location`)]),U(`change`,i,e=>nc(e.currentTarget.value)),G(e,t)};q(a,e=>{Q.loaded&&Q.list.length===0?e(o):Q.loaded&&e(s,1)}),G(e,r),Ze()}Fi([`change`]);var Ol=W(`<p class="muted"> </p>`),kl=W(`<button class="link"> </button> <button class="link"> </button>`,1),Al=W(`<tr><td> <!></td><td class="num"> </td><td class="num"> </td><td class="num"> </td><td> </td><td class="mono"> </td><td><!></td></tr>`),jl=W(`<div class="table"><table><thead><tr><th> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th> </th><th> </th><th></th></tr></thead><tbody></tbody></table></div>`),Ml=W(`<span class="field-error"> </span>`),Nl=W(`<p class="error" role="alert"> </p>`),Pl=W(`<form class="card" novalidate="" aria-labelledby="profile-form"><h3 id="profile-form"> </h3> <div class="form-grid"><label><span> </span><input name="profile-name"/> <!></label> <label><span> </span><input name="price-sell" inputmode="numeric" placeholder="5000"/> <!></label> <label><span> </span><input name="price-cost" inputmode="numeric" placeholder="3000"/> <!></label> <label><span> </span><input name="validity"/> <!></label> <label><span> </span><input name="rate-limit"/></label> <label><span> </span><input name="uptime-limit"/></label></div> <!> <button class="primary" type="submit"> </button></form>`),Fl=W(`<button class="link"> </button>`),Il=W(`<tr><td> <!></td><td class="mono"> </td><td class="num"> </td><td><!></td></tr>`),Ll=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th class="num"> </th><th></th></tr></thead><tbody></tbody></table></div>`),Rl=W(`<h1> </h1> <!> <!> <h2> </h2> <!> <!> <!> <h2> </h2> <!> <!>`,1);function zl(e,t){Xe(t,!0);let n=Yc.query.get(`location`);n&&nc(n);let r=P(I([])),i=P(I([])),a=P(!1),o=P(null),s=P(I({name:``,sell:``,cost:``,validity:`1d`,rateLimit:``,uptime:``})),c=P(!1),l=P(null),u=P(!1),d=N(()=>({name:H(s).name.trim()?null:`form.required`,sell:$s(H(s).sell)?null:`form.invalidMoney`,cost:$s(H(s).cost||`0`)?null:`form.invalidMoney`,validity:/^\d+[smhdw]?$/.test(H(s).validity.trim())?null:`form.invalidDuration`})),f=N(()=>Object.values(H(d)).some(Boolean));async function p(e){F(a,!0),F(o,null);try{let[t,n]=await Promise.all([X(Is,{locationId:e}),X(ks,{locationId:e})]);F(r,t.voucherProfiles,!0),F(i,n.pppProfiles,!0)}catch(e){F(o,e,!0)}finally{F(a,!1)}}Yn(()=>{Q.current&&p(Q.current)});function m(e){F(s,{name:e.name,sell:e.priceSell,cost:e.priceCost,validity:String(e.validitySeconds),rateLimit:e.rateLimit??``,uptime:e.uptimeLimitSeconds?String(e.uptimeLimitSeconds):``},!0)}async function h(e){if(e.preventDefault(),F(c,!0),!H(f)&&Q.current){F(u,!0),F(l,null);try{await X(Ls,{input:{locationId:Q.current,name:H(s).name.trim(),priceSell:$s(H(s).sell),priceCost:$s(H(s).cost||`0`),validity:H(s).validity.trim(),rateLimit:H(s).rateLimit.trim()||void 0,uptimeLimit:H(s).uptime.trim()||void 0}}),F(s,{name:``,sell:``,cost:``,validity:`1d`,rateLimit:``,uptime:``},!0),F(c,!1),await p(Q.current)}catch(e){F(l,lc(e),!0)}finally{F(u,!1)}}}async function g(e){if(confirm($(`profiles.retireConfirm`,{name:e.name})))try{await X(Rs,{id:e.id}),Q.current&&await p(Q.current)}catch(e){F(o,e,!0)}}async function _(e,t){let n=$s(t);if(!n)return alert($(`form.invalidMoney`));try{await X(As,{id:e,price:n}),Q.current&&await p(Q.current)}catch(e){F(o,e,!0)}}var v=Rl(),y=R(v),b=z(y,!0),x=B(y,2);Dl(x,{});var S=B(x,2);pc(S,{get loading(){return H(a)},get error(){return H(o)}});var C=B(S,2),w=z(C,!0),T=B(C,2),E=e=>{var t=Ol(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(T,e=>{!H(a)&&H(r).length===0&&e(E)});var D=B(T,2),ee=e=>{var t=jl(),n=L(t),i=L(n),a=L(i),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=B(c),d=z(u,!0),f=B(u),p=z(f,!0),h=B(f),_=z(h,!0),v=z(B(h),!0);Se(),M(a),M(i);var y=B(i);J(y,21,()=>H(r),e=>e.id,(e,t)=>{var n=Al(),r=L(n),i=L(r),a=B(i),o=e=>{{let t=N(()=>$(`profiles.retired`));hc(e,{get text(){return H(t)}})}};q(a,e=>{H(t).retired&&e(o)}),M(r);var s=B(r),c=z(s,!0),l=B(s),u=z(l,!0),d=B(l),f=z(d,!0),p=B(d),h=z(p,!0),_=B(p),v=z(_,!0),y=B(_),b=L(y),x=e=>{var n=kl(),r=R(n),i=z(r,!0),a=B(r,2),o=z(a,!0);V((e,t)=>{K(i,e),K(o,t)},[()=>$(`common.edit`),()=>$(`profiles.retire`)]),U(`click`,r,()=>m(H(t))),U(`click`,a,()=>g(H(t))),G(e,n)},S=N(()=>go(`admin`)&&!H(t).retired);q(b,e=>{H(S)&&e(x)}),M(y),M(n),V((e,n,r,a)=>{K(i,`${H(t).name??``} `),K(c,e),K(u,n),K(f,r),K(h,a),K(v,H(t).rateLimit??`–`)},[()=>Ks(H(t).priceSell),()=>Ks(H(t).priceCost),()=>Ks(H(t).profit),()=>Zs(H(t).validitySeconds,ac.lang)]),G(e,n)}),M(y),M(n),M(t),V((e,t,n,r,i,a)=>{K(s,e),K(l,t),K(d,n),K(p,r),K(_,i),K(v,a)},[()=>$(`common.name`),()=>$(`profiles.sell`),()=>$(`profiles.cost`),()=>$(`profiles.profit`),()=>$(`profiles.validity`),()=>$(`profiles.rateLimit`)]),G(e,t)};q(D,e=>{H(r).length&&e(ee)});var O=B(D,2),k=e=>{var t=Pl(),n=L(t),r=z(n,!0),i=B(n,2),a=L(i),o=L(a),f=z(o,!0),p=B(o);Ma(p);var m=B(p,2),g=e=>{var t=Ml(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(d).name)]),G(e,t)};q(m,e=>{H(c)&&H(d).name&&e(g)}),M(a);var _=B(a,2),v=L(_),y=z(v,!0),b=B(v);Ma(b);var x=B(b,2),S=e=>{var t=Ml(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(d).sell)]),G(e,t)};q(x,e=>{H(c)&&H(d).sell&&e(S)}),M(_);var C=B(_,2),w=L(C),T=z(w,!0),E=B(w);Ma(E);var D=B(E,2),ee=e=>{var t=Ml(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(d).cost)]),G(e,t)};q(D,e=>{H(c)&&H(d).cost&&e(ee)}),M(C);var O=B(C,2),k=L(O),te=z(k),ne=B(k);Ma(ne);var re=B(ne,2),ie=e=>{var t=Ml(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(d).validity)]),G(e,t)};q(re,e=>{H(c)&&H(d).validity&&e(ie)}),M(O);var ae=B(O,2),oe=L(ae),se=z(oe),ce=B(oe);Ma(ce),M(ae);var le=B(ae,2),ue=L(le),de=z(ue,!0),fe=B(ue);Ma(fe),M(le),M(i);var pe=B(i,2),me=e=>{var t=Nl(),n=z(t,!0);V(()=>K(n,H(l))),G(e,t)};q(pe,e=>{H(l)&&e(me)});var he=B(pe,2),ge=z(he,!0);M(t),V((e,t,n,i,a,o,s,l)=>{K(r,e),K(f,t),Y(p,`aria-invalid`,H(c)&&!!H(d).name),K(y,n),Y(b,`aria-invalid`,H(c)&&!!H(d).sell),K(T,i),Y(E,`aria-invalid`,H(c)&&!!H(d).cost),K(te,`${a??``} (1d, 12h, 3600)`),Y(ne,`aria-invalid`,H(c)&&!!H(d).validity),K(se,`${o??``} (2M/2M)`),K(de,s),he.disabled=H(u),K(ge,l)},[()=>$(`profiles.form`),()=>$(`common.name`),()=>$(`profiles.sell`),()=>$(`profiles.cost`),()=>$(`profiles.validity`),()=>$(`profiles.rateLimit`),()=>$(`profiles.uptimeLimit`),()=>$(`common.save`)]),Pi(`submit`,t,h),Ra(p,()=>H(s).name,e=>H(s).name=e),Ra(b,()=>H(s).sell,e=>H(s).sell=e),Ra(E,()=>H(s).cost,e=>H(s).cost=e),Ra(ne,()=>H(s).validity,e=>H(s).validity=e),Ra(ce,()=>H(s).rateLimit,e=>H(s).rateLimit=e),Ra(fe,()=>H(s).uptime,e=>H(s).uptime=e),G(e,t)},te=N(()=>go(`admin`)&&Q.current);q(O,e=>{H(te)&&e(k)});var ne=B(O,2),re=z(ne,!0),ie=B(ne,2),ae=e=>{var t=Ol(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(ie,e=>{!H(a)&&H(i).length===0&&e(ae)});var oe=B(ie,2),se=e=>{var t=Ll(),n=L(t),r=L(n),a=L(r),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=z(B(c),!0);Se(),M(a),M(r);var d=B(r);J(d,21,()=>H(i),e=>e.id,(e,t)=>{var n=Il(),r=L(n),i=L(r),a=B(i),o=e=>{{let t=N(()=>$(`profiles.retired`));hc(e,{get text(){return H(t)}})}};q(a,e=>{H(t).retired&&e(o)}),M(r);var s=B(r),c=z(s,!0),l=B(s),u=z(l,!0),d=B(l),f=L(d),p=e=>{var n=Fl(),r=z(n,!0);V(e=>K(r,e),[()=>$(`common.edit`)]),U(`click`,n,()=>{let e=prompt($(`profiles.price`),H(t).price);e!=null&&_(H(t).id,e)}),G(e,n)},m=N(()=>go(`admin`));q(f,e=>{H(m)&&e(p)}),M(d),M(n),V(e=>{K(i,`${H(t).name??``} `),K(c,H(t).rateLimit??`–`),K(u,e)},[()=>Ks(H(t).price)]),G(e,n)}),M(d),M(n),M(t),V((e,t,n)=>{K(s,e),K(l,t),K(u,n)},[()=>$(`common.name`),()=>$(`profiles.rateLimit`),()=>$(`profiles.price`)]),G(e,t)};q(oe,e=>{H(i).length&&e(se)}),V((e,t,n)=>{K(b,e),K(w,t),K(re,n)},[()=>$(`nav.profiles`),()=>$(`profiles.voucher`),()=>$(`profiles.ppp`)]),G(e,v),Ze()}Fi([`click`]);function Bl(e){switch(e){case`PROVISIONED`:return`good`;case`ACTIVATED`:return`warn`;case`REVOKED`:case`EXPIRED`:case`REMOVED`:return`bad`;default:return`neutral`}}function Vl(e,t,n){let r=new Map(t.map(e=>[e.id,e])),i=[];for(let t of e){let e=r.get(t.id);e?(r.delete(t.id),n&&e.status!==n||i.push(e)):i.push(t)}let a=[...r.values()].filter(e=>!n||e.status===n);return a.sort((e,t)=>t.generatedAt.localeCompare(e.generatedAt)),{rows:[...a,...i],added:a.length}}var Hl=W(`<br/><span class="muted"> </span>`,1),Ul=W(`<button class="link danger"> </button>`),Wl=W(`<tr><td class="mono"> <!></td><td><!></td><td class="hide-sm"> </td><td class="num"> </td><td class="hide-sm"> </td><td><!></td></tr>`),Gl=W(`<option> </option>`),Kl=W(`<p class="muted" role="status"> </p>`),ql=W(`<p class="error" role="alert"> </p>`),Jl=W(`<div class="table card"><table><tbody><!></tbody></table></div>`),Yl=W(`<button> </button>`),Xl=W(`<div class="table"><table data-testid="voucher-table"><thead><tr><th> </th><th> </th><th class="hide-sm"> </th><th class="num"> </th><th class="hide-sm"> </th><th></th></tr></thead><tbody></tbody></table></div> <!>`,1),Zl=W(`<div class="row spread"><h1> </h1> <a href="/vouchers/generate"> </a></div> <!> <form class="row" role="search"><label class="row"><span class="sr"> </span> <input name="code" autocomplete="off"/></label> <button type="submit"> </button> <label class="row"><span> </span> <select name="status"><option> </option><!></select></label></form> <!> <!> <!> <p class="muted" data-testid="voucher-total"> </p> <!> <!>`,1);function Ql(e,t){Xe(t,!0);let n=(e,t=d)=>{var n=Wl(),r=L(n),i=L(r,!0),a=B(i),o=e=>{var n=Hl(),r=z(B(R(n)),!0);V(()=>K(r,t().password)),G(e,n)};q(a,e=>{t().password!==t().code&&e(o)}),M(r);var s=B(r),c=L(s);{let e=N(()=>$(`vstatus.${t().status}`)),n=N(()=>Bl(t().status));hc(c,{get text(){return H(e)},get tone(){return H(n)}})}M(s);var l=B(s),u=z(l,!0),f=B(l),p=z(f,!0),m=B(f),h=z(m,!0),g=B(m),_=L(g),y=e=>{var n=Ul(),r=z(n,!0);V(e=>K(r,e),[()=>$(`vouchers.revoke`)]),U(`click`,n,()=>v(t())),G(e,n)},b=N(()=>go(`admin`)&&![`REVOKED`,`REMOVED`,`EXPIRED`].includes(t().status));q(_,e=>{H(b)&&e(y)}),M(g),M(n),V((e,r)=>{Y(n,`data-code`,t().code),K(i,t().code),K(u,t().profileName),K(p,e),K(h,r)},[()=>Ks(t().priceSell),()=>Ys(t().firstLoginAt??t().generatedAt,ac.lang,rc(Q.current))]),G(e,n)},r=Yc.query.get(`location`);r&&nc(r);let i=[`GENERATED`,`PROVISIONED`,`ACTIVATED`,`EXPIRED`,`REMOVED`,`REVOKED`],a=P(``),o=P(I([])),s=P(0),c=P(null),l=P(!1),u=P(!1),f=P(null),p=P(``),m=P(void 0),h=P(null);async function g(e,t=!1){F(u,!0),F(f,null);try{let{vouchers:n}=await X(zs,{locationId:e,status:H(a)||void 0,first:100,after:t?H(c):void 0});F(o,t?[...H(o),...n.nodes]:n.nodes,!0),F(s,n.totalCount,!0),F(c,n.pageInfo.endCursor,!0),F(l,n.pageInfo.hasNextPage,!0)}catch(e){F(f,e,!0)}finally{F(u,!1)}}Yn(()=>{let e=Q.current;if(H(a),!e)return;g(e);let t=null,n=Eo(Gs,()=>({locationId:e}),n=>{let r=Vl(H(o),n.vouchersChanged.vouchers,H(a)||null);F(o,H(o).length<=100?r.rows.slice(0,100):r.rows,!0),r.added&&!t&&(t=setTimeout(()=>{t=null,X(zs,{locationId:e,status:H(a)||void 0,first:1}).then(e=>F(s,e.vouchers.totalCount,!0)).catch(()=>{})},500))},void 0,()=>{H(o).length<=100&&g(e)});return()=>{n(),t&&clearTimeout(t)}});async function _(e){if(e.preventDefault(),Q.current&&H(p).trim())try{F(m,(await X(Vs,{locationId:Q.current,code:H(p).trim()})).voucher,!0)}catch(e){F(h,lc(e),!0)}}async function v(e){let t=prompt($(`vouchers.revokeReason`,{code:e.code}));if(t?.trim()){F(h,null);try{await X(Ws,{id:e.id,reason:t.trim()})}catch(e){F(h,lc(e),!0)}}}var y=Zl(),b=R(y),x=L(b),S=z(x,!0),C=z(B(x,2),!0);M(b);var w=B(b,2);Dl(w,{});var T=B(w,2),E=L(T),D=L(E),ee=z(D,!0),O=B(D,2);Ma(O),M(E);var k=B(E,2),te=z(k,!0),ne=B(k,2),re=L(ne),ie=z(re,!0),ae=B(re,2),oe=L(ae),se=z(oe,!0);oe.value=oe.__value=``,J(B(oe),16,()=>i,e=>e,(e,t)=>{var n=Gl(),r=z(n,!0),i={};V(e=>{K(r,e),i!==(i=t)&&(n.value=(n.__value=i)??``)},[()=>$(`vstatus.${t}`)]),G(e,n)}),M(ae),wa(ae),M(ne),M(T);var ce=B(T,2),le=e=>{var t=Kl(),n=z(t,!0);V(e=>K(n,e),[()=>$(`vouchers.notFound`)]),G(e,t)};q(ce,e=>{H(m)===null&&e(le)});var ue=B(ce,2),de=e=>{var t=ql(),n=z(t,!0);V(()=>K(n,H(h))),G(e,t)};q(ue,e=>{H(h)&&e(de)});var fe=B(ue,2),pe=e=>{var t=Jl(),r=L(t),i=L(r),a=L(i);n(a,()=>H(m)),M(i),M(r),M(t),G(e,t)};q(fe,e=>{H(m)&&e(pe)});var me=B(fe,2),he=z(me,!0),ge=B(me,2);{let e=N(()=>H(u)&&H(o).length===0),t=N(()=>!H(u)&&H(o).length===0);pc(ge,{get loading(){return H(e)},get error(){return H(f)},get empty(){return H(t)}})}var _e=B(ge,2),ve=e=>{var t=Xl(),r=R(t),i=L(r),a=L(i),s=L(a),c=L(s),d=z(c,!0),f=B(c),p=z(f,!0),m=B(f),h=z(m,!0),_=B(m),v=z(_,!0),y=z(B(_),!0);Se(),M(s),M(a);var b=B(a);J(b,21,()=>H(o),e=>e.id,(e,t)=>{n(e,()=>H(t))}),M(b),M(i),M(r);var x=B(r,2),S=e=>{var t=Yl(),n=z(t,!0);V(e=>{t.disabled=H(u),K(n,e)},[()=>$(`common.more`)]),U(`click`,t,()=>Q.current&&g(Q.current,!0)),G(e,t)};q(x,e=>{H(l)&&e(S)}),V((e,t,n,r,i)=>{K(d,e),K(p,t),K(h,n),K(v,r),K(y,i)},[()=>$(`vouchers.code`),()=>$(`common.status`),()=>$(`vouchers.profile`),()=>$(`profiles.price`),()=>$(`common.time`)]),G(e,t)};q(_e,e=>{H(o).length&&e(ve)}),V((e,t,n,r,i,a,o,s)=>{K(S,e),K(C,t),K(ee,n),Y(O,`placeholder`,r),K(te,i),K(ie,a),K(se,o),K(he,s)},[()=>$(`nav.vouchers`),()=>$(`nav.generate`),()=>$(`vouchers.searchCode`),()=>$(`vouchers.searchCode`),()=>$(`common.search`),()=>$(`common.status`),()=>$(`common.all`),()=>$(`vouchers.total`,{n:H(s)})]),Pi(`submit`,T,_),Ra(O,()=>H(p),e=>F(p,e)),Ta(ae,()=>H(a),e=>F(a,e)),G(e,y),Ze()}Fi([`click`]);var $l=W(`<div class="progress"><label><span> </span> <progress></progress></label></div>`);function eu(e,t){var n=$l(),r=L(n),i=L(r),a=z(i),o=B(i,2);M(r),M(n),V(()=>{K(a,`${t.label??``} ${t.value??``} / ${t.max??``}`),Na(o,t.value),Y(o,`max`,t.max)}),G(e,n)}function tu(e){let t={};e.profile||(t.profile=`form.required`);let n=Number(e.count);(!/^\d+$/.test(e.count.trim())||n<1||n>1e4)&&(t.count=`form.invalidCount`);let r=Number(e.codeLength);return(!/^\d+$/.test(e.codeLength.trim())||r<4||r>16)&&(t.codeLength=`form.invalidLength`),/^[A-Za-z0-9_-]{0,16}$/.test(e.prefix.trim())||(t.prefix=`form.invalidPrefix`),e.priceOverride.trim()&&!$s(e.priceOverride)&&(t.priceOverride=`form.invalidMoney`),t}async function nu(e,t,n){let r=[],i=null,a=!1;for(;;){let o=(await X(zs,{locationId:e,first:1e3,after:i})).vouchers;for(let e of o.nodes)if(e.batchId===t)a=!0,r.push({id:e.id,code:e.code,password:e.password,priceSell:e.priceSell,validitySeconds:e.validitySeconds,status:e.status});else if(a&&n!==null&&r.length>=n)return ru(r);if(n!==null&&r.length>=n||!o.pageInfo.hasNextPage)return ru(r);i=o.pageInfo.endCursor}}function ru(e){return e.sort((e,t)=>e.code.localeCompare(t.code))}var iu=W(`<p class="card"> <a href="/profiles"> </a></p>`),au=W(`<option> </option>`),ou=W(`<span class="field-error"> </span>`),su=W(`<p class="error" role="alert"> </p>`),cu=W(`<section class="card" aria-live="polite" data-testid="generate-result"><p> </p> <!> <p class="row"><a> </a> <a href="/vouchers"> </a></p></section>`),lu=W(`<h1> </h1> <!> <!> <form class="card" novalidate=""><div class="form-grid"><label><span> </span> <select name="profile"></select> <!></label> <label><span> </span><input name="count" inputmode="numeric"/> <!></label> <label><span> </span><input name="prefix"/> <!></label> <label><span> </span><input name="length" inputmode="numeric"/> <!></label> <label><span> </span> <select name="charset"></select></label> <label><span> </span> <select name="password-mode"></select></label> <label><span> </span><input name="price-override" inputmode="numeric"/> <!></label></div> <!> <button class="primary" type="submit"> </button></form> <!>`,1);function uu(e,t){Xe(t,!0);let n=P(I([])),r=I({profile:``,count:`100`,prefix:``,codeLength:`6`,charset:`UPPER`,passwordMode:`SAME_AS_USERNAME`,priceOverride:``}),i=P(!1),a=P(!1),o=P(null),s=P(null),c=P(0),l=N(()=>tu(r));Yn(()=>{let e=Q.current;e&&X(Is,{locationId:e}).then(e=>{F(n,e.voucherProfiles.filter(e=>!e.retired),!0),H(n).some(e=>e.name===r.profile)||(r.profile=H(n)[0]?.name??``)}).catch(e=>F(o,lc(e),!0))});let u=new Map,d=null;function f(){H(s)&&F(c,u.get(H(s).id)?.size??0,!0)}function p(){d&&clearTimeout(d),d=setTimeout(async()=>{let e=H(s);if(!e||H(c)>=e.count)return;let t=await nu(e.locationId,e.id,e.count).catch(()=>null);if(!t)return;let n=u.get(e.id)??new Set;for(let e of t)e.status!==`GENERATED`&&n.add(e.id);u.set(e.id,n),f(),p()},2e3)}Yn(()=>{let e=Q.current;if(!e)return;let t=Eo(Gs,()=>({locationId:e}),e=>{for(let t of e.vouchersChanged.vouchers){if(t.status===`GENERATED`)continue;let e=u.get(t.batchId);e||u.set(t.batchId,e=new Set),e.add(t.id)}f(),H(s)&&p()});return()=>{t(),d&&clearTimeout(d)}});async function m(e){if(e.preventDefault(),F(i,!0),!Object.keys(H(l)).length&&Q.current){F(a,!0),F(o,null),F(c,0),F(s,null);try{let e=Q.current,t=await X(Us,{input:{locationId:e,profile:r.profile,count:Number(r.count),prefix:r.prefix.trim(),codeLength:Number(r.codeLength),charset:r.charset,passwordMode:r.passwordMode,priceOverride:r.priceOverride.trim()?$s(r.priceOverride):void 0}});F(s,{id:t.generateVouchers.id,count:t.generateVouchers.count,locationId:e},!0),f(),p()}catch(e){F(o,lc(e),!0)}finally{F(a,!1)}}}let h=e=>H(i)?H(l)[e]:void 0;var g=lu(),_=R(g),v=z(_,!0),y=B(_,2);Dl(y,{});var b=B(y,2),x=e=>{var t=iu(),n=L(t),r=z(B(n),!0);M(t),V((e,t)=>{K(n,`${e??``} `),K(r,t)},[()=>$(`generate.noProfiles`),()=>$(`nav.profiles`)]),G(e,t)};q(b,e=>{Q.current&&H(n).length===0&&e(x)});var S=B(b,2),C=L(S),w=L(C),T=L(w),E=z(T,!0),D=B(T,2);J(D,21,()=>H(n),e=>e.id,(e,t)=>{var n=au(),r=z(n),i={};V(e=>{K(r,`${H(t).name??``} · ${e??``}`),i!==(i=H(t).name)&&(n.value=(n.__value=i)??``)},[()=>Ks(H(t).priceSell)]),G(e,n)}),M(D),wa(D);var ee=B(D,2),O=e=>{var t=ou(),n=z(t,!0);V(e=>K(n,e),[()=>$(h(`profile`))]),G(e,t)},k=N(()=>h(`profile`));q(ee,e=>{H(k)&&e(O)}),M(w);var te=B(w,2),ne=L(te),re=z(ne),ie=B(ne);Ma(ie);var ae=B(ie,2),oe=e=>{var t=ou(),n=z(t,!0);V(e=>K(n,e),[()=>$(h(`count`))]),G(e,t)},se=N(()=>h(`count`));q(ae,e=>{H(se)&&e(oe)}),M(te);var ce=B(te,2),le=L(ce),ue=z(le,!0),de=B(le);Ma(de);var fe=B(de,2),pe=e=>{var t=ou(),n=z(t,!0);V(e=>K(n,e),[()=>$(h(`prefix`))]),G(e,t)},me=N(()=>h(`prefix`));q(fe,e=>{H(me)&&e(pe)}),M(ce);var he=B(ce,2),ge=L(he),_e=z(ge),ve=B(ge);Ma(ve);var A=B(ve,2),ye=e=>{var t=ou(),n=z(t,!0);V(e=>K(n,e),[()=>$(h(`codeLength`))]),G(e,t)},j=N(()=>h(`codeLength`));q(A,e=>{H(j)&&e(ye)}),M(he);var be=B(he,2),xe=L(be),Se=z(xe,!0),Ce=B(xe,2);J(Ce,20,()=>[`UPPER`,`LOWER`,`DIGITS`,`MIXED`],e=>e,(e,t)=>{var n=au(),r=z(n,!0),i={};V(e=>{K(r,e),i!==(i=t)&&(n.value=(n.__value=i)??``)},[()=>$(`charset.${t}`)]),G(e,n)}),M(Ce),wa(Ce),M(be);var we=B(be,2),Te=L(we),Ee=z(Te,!0),De=B(Te,2);J(De,20,()=>[`SAME_AS_USERNAME`,`SEPARATE`],e=>e,(e,t)=>{var n=au(),r=z(n,!0),i={};V(e=>{K(r,e),i!==(i=t)&&(n.value=(n.__value=i)??``)},[()=>$(`pwmode.${t}`)]),G(e,n)}),M(De),wa(De),M(we);var Oe=B(we,2),ke=L(Oe),Ae=z(ke,!0),je=B(ke);Ma(je);var Me=B(je,2),Ne=e=>{var t=ou(),n=z(t,!0);V(e=>K(n,e),[()=>$(h(`priceOverride`))]),G(e,t)},Pe=N(()=>h(`priceOverride`));q(Me,e=>{H(Pe)&&e(Ne)}),M(Oe),M(C);var Fe=B(C,2),Ie=e=>{var t=su(),n=z(t,!0);V(()=>K(n,H(o))),G(e,t)};q(Fe,e=>{H(o)&&e(Ie)});var Le=B(Fe,2),Re=z(Le,!0);M(S);var ze=B(S,2),Be=e=>{var t=cu(),n=L(t),r=z(n,!0),i=B(n,2);{let e=N(()=>$(`generate.onRouter`));eu(i,{get value(){return H(c)},get max(){return H(s).count},get label(){return H(e)}})}var a=B(i,2),o=L(a),l=z(o,!0),u=z(B(o,2),!0);M(a),M(t),V((e,t,n)=>{K(r,e),Y(o,`href`,`/print/${H(s).locationId??``}/${H(s).id??``}`),K(l,t),K(u,n)},[()=>$(`generate.done`,{n:H(s).count}),()=>$(`batches.print`),()=>$(`nav.vouchers`)]),G(e,t)};q(ze,e=>{H(s)&&e(Be)}),V((e,t,r,i,o,s,c,l,u,d,f,p,m)=>{K(v,e),K(E,t),K(re,`${r??``} (1–10.000)`),Y(ie,`aria-invalid`,i),K(ue,o),Y(de,`aria-invalid`,s),K(_e,`${c??``} (4–16)`),Y(ve,`aria-invalid`,l),K(Se,u),K(Ee,d),K(Ae,f),Y(je,`aria-invalid`,p),Le.disabled=H(a)||H(n).length===0,K(Re,m)},[()=>$(`nav.generate`),()=>$(`vouchers.profile`),()=>$(`generate.count`),()=>!!h(`count`),()=>$(`generate.prefix`),()=>!!h(`prefix`),()=>$(`generate.length`),()=>!!h(`codeLength`),()=>$(`generate.charset`),()=>$(`generate.passwordMode`),()=>$(`generate.priceOverride`),()=>!!h(`priceOverride`),()=>H(a)?$(`generate.working`):$(`generate.submit`)]),Pi(`submit`,S,m),Ta(D,()=>r.profile,e=>r.profile=e),Ra(ie,()=>r.count,e=>r.count=e),Ra(de,()=>r.prefix,e=>r.prefix=e),Ra(ve,()=>r.codeLength,e=>r.codeLength=e),Ta(Ce,()=>r.charset,e=>r.charset=e),Ta(De,()=>r.passwordMode,e=>r.passwordMode=e),Ra(je,()=>r.priceOverride,e=>r.priceOverride=e),G(e,g),Ze()}var du=W(`<tr><td> </td><td> </td><td class="num"> </td><td class="num"> </td><td class="mono"> </td><td><a> </a></td></tr>`),fu=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th class="num"> </th><th class="num"> </th><th> </th><th></th></tr></thead><tbody></tbody></table></div>`),pu=W(`<div class="row spread"><h1> </h1> <a href="/vouchers/generate"> </a></div> <!> <!> <!>`,1);function mu(e,t){Xe(t,!0);let n=P(I([])),r=P(!1),i=P(null);Yn(()=>{let e=Q.current;e&&(F(r,!0),X(Hs,{locationId:e}).then(e=>F(n,e.voucherBatches,!0)).catch(e=>F(i,e,!0)).finally(()=>F(r,!1)))});var a=pu(),o=R(a),s=L(o),c=z(s,!0),l=z(B(s,2),!0);M(o);var u=B(o,2);Dl(u,{});var d=B(u,2);{let e=N(()=>!H(r)&&H(n).length===0);pc(d,{get loading(){return H(r)},get error(){return H(i)},get empty(){return H(e)}})}var f=B(d,2),p=e=>{var t=fu(),r=L(t),i=L(r),a=L(i),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=B(c),d=z(u,!0),f=B(u),p=z(f,!0),m=z(B(f),!0);Se(),M(a),M(i);var h=B(i);J(h,21,()=>H(n),e=>e.id,(e,t)=>{var n=du(),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),s=B(a),c=z(s,!0),l=B(s),u=z(l,!0),d=B(l),f=z(d),p=B(d),m=L(p),h=z(m,!0);M(p),M(n),V((e,n,r)=>{K(i,e),K(o,H(t).profileName),K(c,H(t).count),K(u,n),K(f,`${(H(t).prefix||`–`)??``} · ${H(t).codeLength??``} · ${H(t).charset??``}`),Y(m,`href`,`/print/${Q.current??``}/${H(t).id??``}`),Y(m,`data-testid`,`print-${H(t).id??``}`),K(h,r)},[()=>Ys(H(t).generatedAt,ac.lang,rc(Q.current)),()=>Ks(H(t).priceSell),()=>$(`batches.print`)]),G(e,n)}),M(h),M(r),M(t),V((e,t,n,r,i)=>{K(s,e),K(l,t),K(d,n),K(p,r),K(m,i)},[()=>$(`common.time`),()=>$(`vouchers.profile`),()=>$(`generate.count`),()=>$(`profiles.price`),()=>$(`generate.prefix`)]),G(e,t)};q(f,e=>{H(n).length&&e(p)}),V((e,t)=>{K(c,e),K(l,t)},[()=>$(`nav.batches`),()=>$(`nav.generate`)]),G(e,a),Ze()}var hu=function(e,t){let n=e,r=_u[t],i=null,a=0,o=null,s=[],c={},l=function(e,t){a=n*4+17,i=function(e){let t=Array(e);for(let n=0;n<e;n+=1){t[n]=Array(e);for(let r=0;r<e;r+=1)t[n][r]=null}return t}(a),u(0,0),u(a-7,0),u(0,a-7),p(),f(),h(e,t),n>=7&&m(e),o??=v(n,r,s),g(o,t)},u=function(e,t){for(let n=-1;n<=7;n+=1)if(!(e+n<=-1||a<=e+n))for(let r=-1;r<=7;r+=1)t+r<=-1||a<=t+r||(0<=n&&n<=6&&(r==0||r==6)||0<=r&&r<=6&&(n==0||n==6)||2<=n&&n<=4&&2<=r&&r<=4?i[e+n][t+r]=!0:i[e+n][t+r]=!1)},d=function(){let e=0,t=0;for(let n=0;n<8;n+=1){l(!0,n);let r=yu.getLostPoint(c);(n==0||e>r)&&(e=r,t=n)}return t},f=function(){for(let e=8;e<a-8;e+=1)i[e][6]??(i[e][6]=e%2==0);for(let e=8;e<a-8;e+=1)i[6][e]??(i[6][e]=e%2==0)},p=function(){let e=yu.getPatternPosition(n);for(let t=0;t<e.length;t+=1)for(let n=0;n<e.length;n+=1){let r=e[t],a=e[n];if(i[r][a]==null)for(let e=-2;e<=2;e+=1)for(let t=-2;t<=2;t+=1)e==-2||e==2||t==-2||t==2||e==0&&t==0?i[r+e][a+t]=!0:i[r+e][a+t]=!1}},m=function(e){let t=yu.getBCHTypeNumber(n);for(let n=0;n<18;n+=1){let r=!e&&(t>>n&1)==1;i[Math.floor(n/3)][n%3+a-8-3]=r}for(let n=0;n<18;n+=1){let r=!e&&(t>>n&1)==1;i[n%3+a-8-3][Math.floor(n/3)]=r}},h=function(e,t){let n=r<<3|t,o=yu.getBCHTypeInfo(n);for(let t=0;t<15;t+=1){let n=!e&&(o>>t&1)==1;t<6?i[t][8]=n:t<8?i[t+1][8]=n:i[a-15+t][8]=n}for(let t=0;t<15;t+=1){let n=!e&&(o>>t&1)==1;t<8?i[8][a-t-1]=n:t<9?i[8][15-t-1+1]=n:i[8][15-t-1]=n}i[a-8][8]=!e},g=function(e,t){let n=-1,r=a-1,o=7,s=0,c=yu.getMaskFunction(t);for(let t=a-1;t>0;t-=2)for(t==6&&--t;;){for(let n=0;n<2;n+=1)if(i[r][t-n]==null){let a=!1;s<e.length&&(a=(e[s]>>>o&1)==1),c(r,t-n)&&(a=!a),i[r][t-n]=a,--o,o==-1&&(s+=1,o=7)}if(r+=n,r<0||a<=r){r-=n,n=-n;break}}},_=function(e,t){let n=0,r=0,i=0,a=Array(t.length),o=Array(t.length);for(let s=0;s<t.length;s+=1){let c=t[s].dataCount,l=t[s].totalCount-c;r=Math.max(r,c),i=Math.max(i,l),a[s]=Array(c);for(let t=0;t<a[s].length;t+=1)a[s][t]=255&e.getBuffer()[t+n];n+=c;let u=yu.getErrorCorrectPolynomial(l),d=xu(a[s],u.getLength()-1).mod(u);o[s]=Array(u.getLength()-1);for(let e=0;e<o[s].length;e+=1){let t=e+d.getLength()-o[s].length;o[s][e]=t>=0?d.getAt(t):0}}let s=0;for(let e=0;e<t.length;e+=1)s+=t[e].totalCount;let c=Array(s),l=0;for(let e=0;e<r;e+=1)for(let n=0;n<t.length;n+=1)e<a[n].length&&(c[l]=a[n][e],l+=1);for(let e=0;e<i;e+=1)for(let n=0;n<t.length;n+=1)e<o[n].length&&(c[l]=o[n][e],l+=1);return c},v=function(e,t,n){let r=Su.getRSBlocks(e,t),i=Cu();for(let t=0;t<n.length;t+=1){let r=n[t];i.put(r.getMode(),4),i.put(r.getLength(),yu.getLengthInBits(r.getMode(),e)),r.write(i)}let a=0;for(let e=0;e<r.length;e+=1)a+=r[e].dataCount;if(i.getLengthInBits()>a*8)throw`code length overflow. (`+i.getLengthInBits()+`>`+a*8+`)`;for(i.getLengthInBits()+4<=a*8&&i.put(0,4);i.getLengthInBits()%8!=0;)i.putBit(!1);for(;!(i.getLengthInBits()>=a*8||(i.put(236,8),i.getLengthInBits()>=a*8));)i.put(17,8);return _(i,r)};c.addData=function(e,t){t||=`Byte`;let n=null;switch(t){case`Numeric`:n=wu(e);break;case`Alphanumeric`:n=Tu(e);break;case`Byte`:n=Eu(e);break;case`Kanji`:n=Du(e);break;default:throw`mode:`+t}s.push(n),o=null},c.isDark=function(e,t){if(e<0||a<=e||t<0||a<=t)throw e+`,`+t;return i[e][t]},c.getModuleCount=function(){return a},c.make=function(){if(n<1){let e=1;for(;e<40;e++){let t=Su.getRSBlocks(e,r),n=Cu();for(let t=0;t<s.length;t++){let r=s[t];n.put(r.getMode(),4),n.put(r.getLength(),yu.getLengthInBits(r.getMode(),e)),r.write(n)}let i=0;for(let e=0;e<t.length;e++)i+=t[e].dataCount;if(n.getLengthInBits()<=i*8)break}n=e}l(!1,d())},c.createTableTag=function(e,t){e||=2,t=t===void 0?e*4:t;let n=``;n+=`<table style="`,n+=` border-width: 0px; border-style: none;`,n+=` border-collapse: collapse;`,n+=` padding: 0px; margin: `+t+`px;`,n+=`">`,n+=`<tbody>`;for(let t=0;t<c.getModuleCount();t+=1){n+=`<tr>`;for(let r=0;r<c.getModuleCount();r+=1)n+=`<td style="`,n+=` border-width: 0px; border-style: none;`,n+=` border-collapse: collapse;`,n+=` padding: 0px; margin: 0px;`,n+=` width: `+e+`px;`,n+=` height: `+e+`px;`,n+=` background-color: `,n+=c.isDark(t,r)?`#000000`:`#ffffff`,n+=`;`,n+=`"/>`;n+=`</tr>`}return n+=`</tbody>`,n+=`</table>`,n},c.createSvgTag=function(e,t,n,r){let i={};typeof arguments[0]==`object`&&(i=arguments[0],e=i.cellSize,t=i.margin,n=i.alt,r=i.title),e||=2,t=t===void 0?e*4:t,n=typeof n==`string`?{text:n}:n||{},n.text=n.text||null,n.id=n.text?n.id||`qrcode-description`:null,r=typeof r==`string`?{text:r}:r||{},r.text=r.text||null,r.id=r.text?r.id||`qrcode-title`:null;let a=c.getModuleCount()*e+t*2,o,s,l,u,d=``,f;for(f=`l`+e+`,0 0,`+e+` -`+e+`,0 0,-`+e+`z `,d+=`<svg version="1.1" xmlns="http://www.w3.org/2000/svg"`,d+=i.scalable?``:` width="`+a+`px" height="`+a+`px"`,d+=` viewBox="0 0 `+a+` `+a+`" `,d+=` preserveAspectRatio="xMinYMin meet"`,d+=r.text||n.text?` role="img" aria-labelledby="`+y([r.id,n.id].join(` `).trim())+`"`:``,d+=`>`,d+=r.text?`<title id="`+y(r.id)+`">`+y(r.text)+`</title>`:``,d+=n.text?`<description id="`+y(n.id)+`">`+y(n.text)+`</description>`:``,d+=`<rect width="100%" height="100%" fill="white" cx="0" cy="0"/>`,d+=`<path d="`,l=0;l<c.getModuleCount();l+=1)for(u=l*e+t,o=0;o<c.getModuleCount();o+=1)c.isDark(l,o)&&(s=o*e+t,d+=`M`+s+`,`+u+f);return d+=`" stroke="transparent" fill="black"/>`,d+=`</svg>`,d},c.createDataURL=function(e,t){e||=2,t=t===void 0?e*4:t;let n=c.getModuleCount()*e+t*2,r=t,i=n-t;return Mu(n,n,function(t,n){if(r<=t&&t<i&&r<=n&&n<i){let i=Math.floor((t-r)/e),a=Math.floor((n-r)/e);return+!c.isDark(a,i)}return 1})},c.createImgTag=function(e,t,n){e||=2,t=t===void 0?e*4:t;let r=c.getModuleCount()*e+t*2,i=``;return i+=`<img`,i+=` src="`,i+=c.createDataURL(e,t),i+=`"`,i+=` width="`,i+=r,i+=`"`,i+=` height="`,i+=r,i+=`"`,n&&(i+=` alt="`,i+=y(n),i+=`"`),i+=`/>`,i};let y=function(e){let t=``;for(let n=0;n<e.length;n+=1){let r=e.charAt(n);switch(r){case`<`:t+=`&lt;`;break;case`>`:t+=`&gt;`;break;case`&`:t+=`&amp;`;break;case`"`:t+=`&quot;`;break;default:t+=r}}return t},b=function(e){e=e===void 0?2:e;let t=+c.getModuleCount()+e*2,n=e,r=t-e,i,a,o,s,l,u={"██":`█`,"█ ":`▀`," █":`▄`,"  ":` `},d={"██":`▀`,"█ ":`▀`," █":` `,"  ":` `},f=``;for(i=0;i<t;i+=2){for(o=Math.floor((i-n)/1),s=Math.floor((i+1-n)/1),a=0;a<t;a+=1)l=`█`,n<=a&&a<r&&n<=i&&i<r&&c.isDark(o,Math.floor((a-n)/1))&&(l=` `),n<=a&&a<r&&n<=i+1&&i+1<r&&c.isDark(s,Math.floor((a-n)/1))?l+=` `:l+=`█`,f+=e<1&&i+1>=r?d[l]:u[l];f+=`
`}return t%2&&e>0?f.substring(0,f.length-t-1)+Array(t+1).join(`▀`):f.substring(0,f.length-1)};return c.createASCII=function(e,t){if(e||=1,e<2)return b(t);--e,t=t===void 0?e*2:t;let n=c.getModuleCount()*e+t*2,r=t,i=n-t,a,o,s,l,u=Array(e+1).join(`██`),d=Array(e+1).join(`  `),f=``,p=``;for(a=0;a<n;a+=1){for(s=Math.floor((a-r)/e),p=``,o=0;o<n;o+=1)l=1,r<=o&&o<i&&r<=a&&a<i&&c.isDark(s,Math.floor((o-r)/e))&&(l=0),p+=l?u:d;for(s=0;s<e;s+=1)f+=p+`
`}return f.substring(0,f.length-1)},c.renderTo2dContext=function(e,t){t||=2;let n=c.getModuleCount();for(let r=0;r<n;r++)for(let i=0;i<n;i++)e.fillStyle=c.isDark(r,i)?`black`:`white`,e.fillRect(i*t,r*t,t,t)},c};hu.stringToBytes=function(e){let t=[];for(let n=0;n<e.length;n+=1){let r=e.charCodeAt(n);t.push(r&255)}return t},hu.createStringToBytes=function(e,t){let n=function(){let n=Au(e),r=function(){let e=n.read();if(e==-1)throw`eof`;return e},i=0,a={};for(;;){let e=n.read();if(e==-1)break;let t=r(),o=r(),s=r(),c=String.fromCharCode(e<<8|t);a[c]=o<<8|s,i+=1}if(i!=t)throw i+` != `+t;return a}();return function(e){let t=[];for(let r=0;r<e.length;r+=1){let i=e.charCodeAt(r);if(i<128)t.push(i);else{let i=n[e.charAt(r)];typeof i==`number`?(i&255)==i?t.push(i):(t.push(i>>>8),t.push(i&255)):t.push(63)}}return t}};var gu={MODE_NUMBER:1,MODE_ALPHA_NUM:2,MODE_8BIT_BYTE:4,MODE_KANJI:8},_u={L:1,M:0,Q:3,H:2},vu={PATTERN000:0,PATTERN001:1,PATTERN010:2,PATTERN011:3,PATTERN100:4,PATTERN101:5,PATTERN110:6,PATTERN111:7},yu=function(){let e=[[],[6,18],[6,22],[6,26],[6,30],[6,34],[6,22,38],[6,24,42],[6,26,46],[6,28,50],[6,30,54],[6,32,58],[6,34,62],[6,26,46,66],[6,26,48,70],[6,26,50,74],[6,30,54,78],[6,30,56,82],[6,30,58,86],[6,34,62,90],[6,28,50,72,94],[6,26,50,74,98],[6,30,54,78,102],[6,28,54,80,106],[6,32,58,84,110],[6,30,58,86,114],[6,34,62,90,118],[6,26,50,74,98,122],[6,30,54,78,102,126],[6,26,52,78,104,130],[6,30,56,82,108,134],[6,34,60,86,112,138],[6,30,58,86,114,142],[6,34,62,90,118,146],[6,30,54,78,102,126,150],[6,24,50,76,102,128,154],[6,28,54,80,106,132,158],[6,32,58,84,110,136,162],[6,26,54,82,110,138,166],[6,30,58,86,114,142,170]],t=1335,n=7973,r={},i=function(e){let t=0;for(;e!=0;)t+=1,e>>>=1;return t};return r.getBCHTypeInfo=function(e){let n=e<<10;for(;i(n)-i(t)>=0;)n^=t<<i(n)-i(t);return(e<<10|n)^21522},r.getBCHTypeNumber=function(e){let t=e<<12;for(;i(t)-i(n)>=0;)t^=n<<i(t)-i(n);return e<<12|t},r.getPatternPosition=function(t){return e[t-1]},r.getMaskFunction=function(e){switch(e){case vu.PATTERN000:return function(e,t){return(e+t)%2==0};case vu.PATTERN001:return function(e,t){return e%2==0};case vu.PATTERN010:return function(e,t){return t%3==0};case vu.PATTERN011:return function(e,t){return(e+t)%3==0};case vu.PATTERN100:return function(e,t){return(Math.floor(e/2)+Math.floor(t/3))%2==0};case vu.PATTERN101:return function(e,t){return e*t%2+e*t%3==0};case vu.PATTERN110:return function(e,t){return(e*t%2+e*t%3)%2==0};case vu.PATTERN111:return function(e,t){return(e*t%3+(e+t)%2)%2==0};default:throw`bad maskPattern:`+e}},r.getErrorCorrectPolynomial=function(e){let t=xu([1],0);for(let n=0;n<e;n+=1)t=t.multiply(xu([1,bu.gexp(n)],0));return t},r.getLengthInBits=function(e,t){if(1<=t&&t<10)switch(e){case gu.MODE_NUMBER:return 10;case gu.MODE_ALPHA_NUM:return 9;case gu.MODE_8BIT_BYTE:case gu.MODE_KANJI:return 8;default:throw`mode:`+e}else if(t<27)switch(e){case gu.MODE_NUMBER:return 12;case gu.MODE_ALPHA_NUM:return 11;case gu.MODE_8BIT_BYTE:return 16;case gu.MODE_KANJI:return 10;default:throw`mode:`+e}else if(t<41)switch(e){case gu.MODE_NUMBER:return 14;case gu.MODE_ALPHA_NUM:return 13;case gu.MODE_8BIT_BYTE:return 16;case gu.MODE_KANJI:return 12;default:throw`mode:`+e}else throw`type:`+t},r.getLostPoint=function(e){let t=e.getModuleCount(),n=0;for(let r=0;r<t;r+=1)for(let i=0;i<t;i+=1){let a=0,o=e.isDark(r,i);for(let n=-1;n<=1;n+=1)if(!(r+n<0||t<=r+n))for(let s=-1;s<=1;s+=1)i+s<0||t<=i+s||(n!=0||s!=0)&&o==e.isDark(r+n,i+s)&&(a+=1);a>5&&(n+=3+a-5)}for(let r=0;r<t-1;r+=1)for(let i=0;i<t-1;i+=1){let t=0;e.isDark(r,i)&&(t+=1),e.isDark(r+1,i)&&(t+=1),e.isDark(r,i+1)&&(t+=1),e.isDark(r+1,i+1)&&(t+=1),(t==0||t==4)&&(n+=3)}for(let r=0;r<t;r+=1)for(let i=0;i<t-6;i+=1)e.isDark(r,i)&&!e.isDark(r,i+1)&&e.isDark(r,i+2)&&e.isDark(r,i+3)&&e.isDark(r,i+4)&&!e.isDark(r,i+5)&&e.isDark(r,i+6)&&(n+=40);for(let r=0;r<t;r+=1)for(let i=0;i<t-6;i+=1)e.isDark(i,r)&&!e.isDark(i+1,r)&&e.isDark(i+2,r)&&e.isDark(i+3,r)&&e.isDark(i+4,r)&&!e.isDark(i+5,r)&&e.isDark(i+6,r)&&(n+=40);let r=0;for(let n=0;n<t;n+=1)for(let i=0;i<t;i+=1)e.isDark(i,n)&&(r+=1);let i=Math.abs(100*r/t/t-50)/5;return n+=i*10,n},r}(),bu=function(){let e=Array(256),t=Array(256);for(let t=0;t<8;t+=1)e[t]=1<<t;for(let t=8;t<256;t+=1)e[t]=e[t-4]^e[t-5]^e[t-6]^e[t-8];for(let n=0;n<255;n+=1)t[e[n]]=n;let n={};return n.glog=function(e){if(e<1)throw`glog(`+e+`)`;return t[e]},n.gexp=function(t){for(;t<0;)t+=255;for(;t>=256;)t-=255;return e[t]},n}(),xu=function(e,t){if(e.length===void 0)throw e.length+`/`+t;let n=function(){let n=0;for(;n<e.length&&e[n]==0;)n+=1;let r=Array(e.length-n+t);for(let t=0;t<e.length-n;t+=1)r[t]=e[t+n];return r}(),r={};return r.getAt=function(e){return n[e]},r.getLength=function(){return n.length},r.multiply=function(e){let t=Array(r.getLength()+e.getLength()-1);for(let n=0;n<r.getLength();n+=1)for(let i=0;i<e.getLength();i+=1)t[n+i]^=bu.gexp(bu.glog(r.getAt(n))+bu.glog(e.getAt(i)));return xu(t,0)},r.mod=function(e){if(r.getLength()-e.getLength()<0)return r;let t=bu.glog(r.getAt(0))-bu.glog(e.getAt(0)),n=Array(r.getLength());for(let e=0;e<r.getLength();e+=1)n[e]=r.getAt(e);for(let r=0;r<e.getLength();r+=1)n[r]^=bu.gexp(bu.glog(e.getAt(r))+t);return xu(n,0).mod(e)},r},Su=function(){let e=[[1,26,19],[1,26,16],[1,26,13],[1,26,9],[1,44,34],[1,44,28],[1,44,22],[1,44,16],[1,70,55],[1,70,44],[2,35,17],[2,35,13],[1,100,80],[2,50,32],[2,50,24],[4,25,9],[1,134,108],[2,67,43],[2,33,15,2,34,16],[2,33,11,2,34,12],[2,86,68],[4,43,27],[4,43,19],[4,43,15],[2,98,78],[4,49,31],[2,32,14,4,33,15],[4,39,13,1,40,14],[2,121,97],[2,60,38,2,61,39],[4,40,18,2,41,19],[4,40,14,2,41,15],[2,146,116],[3,58,36,2,59,37],[4,36,16,4,37,17],[4,36,12,4,37,13],[2,86,68,2,87,69],[4,69,43,1,70,44],[6,43,19,2,44,20],[6,43,15,2,44,16],[4,101,81],[1,80,50,4,81,51],[4,50,22,4,51,23],[3,36,12,8,37,13],[2,116,92,2,117,93],[6,58,36,2,59,37],[4,46,20,6,47,21],[7,42,14,4,43,15],[4,133,107],[8,59,37,1,60,38],[8,44,20,4,45,21],[12,33,11,4,34,12],[3,145,115,1,146,116],[4,64,40,5,65,41],[11,36,16,5,37,17],[11,36,12,5,37,13],[5,109,87,1,110,88],[5,65,41,5,66,42],[5,54,24,7,55,25],[11,36,12,7,37,13],[5,122,98,1,123,99],[7,73,45,3,74,46],[15,43,19,2,44,20],[3,45,15,13,46,16],[1,135,107,5,136,108],[10,74,46,1,75,47],[1,50,22,15,51,23],[2,42,14,17,43,15],[5,150,120,1,151,121],[9,69,43,4,70,44],[17,50,22,1,51,23],[2,42,14,19,43,15],[3,141,113,4,142,114],[3,70,44,11,71,45],[17,47,21,4,48,22],[9,39,13,16,40,14],[3,135,107,5,136,108],[3,67,41,13,68,42],[15,54,24,5,55,25],[15,43,15,10,44,16],[4,144,116,4,145,117],[17,68,42],[17,50,22,6,51,23],[19,46,16,6,47,17],[2,139,111,7,140,112],[17,74,46],[7,54,24,16,55,25],[34,37,13],[4,151,121,5,152,122],[4,75,47,14,76,48],[11,54,24,14,55,25],[16,45,15,14,46,16],[6,147,117,4,148,118],[6,73,45,14,74,46],[11,54,24,16,55,25],[30,46,16,2,47,17],[8,132,106,4,133,107],[8,75,47,13,76,48],[7,54,24,22,55,25],[22,45,15,13,46,16],[10,142,114,2,143,115],[19,74,46,4,75,47],[28,50,22,6,51,23],[33,46,16,4,47,17],[8,152,122,4,153,123],[22,73,45,3,74,46],[8,53,23,26,54,24],[12,45,15,28,46,16],[3,147,117,10,148,118],[3,73,45,23,74,46],[4,54,24,31,55,25],[11,45,15,31,46,16],[7,146,116,7,147,117],[21,73,45,7,74,46],[1,53,23,37,54,24],[19,45,15,26,46,16],[5,145,115,10,146,116],[19,75,47,10,76,48],[15,54,24,25,55,25],[23,45,15,25,46,16],[13,145,115,3,146,116],[2,74,46,29,75,47],[42,54,24,1,55,25],[23,45,15,28,46,16],[17,145,115],[10,74,46,23,75,47],[10,54,24,35,55,25],[19,45,15,35,46,16],[17,145,115,1,146,116],[14,74,46,21,75,47],[29,54,24,19,55,25],[11,45,15,46,46,16],[13,145,115,6,146,116],[14,74,46,23,75,47],[44,54,24,7,55,25],[59,46,16,1,47,17],[12,151,121,7,152,122],[12,75,47,26,76,48],[39,54,24,14,55,25],[22,45,15,41,46,16],[6,151,121,14,152,122],[6,75,47,34,76,48],[46,54,24,10,55,25],[2,45,15,64,46,16],[17,152,122,4,153,123],[29,74,46,14,75,47],[49,54,24,10,55,25],[24,45,15,46,46,16],[4,152,122,18,153,123],[13,74,46,32,75,47],[48,54,24,14,55,25],[42,45,15,32,46,16],[20,147,117,4,148,118],[40,75,47,7,76,48],[43,54,24,22,55,25],[10,45,15,67,46,16],[19,148,118,6,149,119],[18,75,47,31,76,48],[34,54,24,34,55,25],[20,45,15,61,46,16]],t=function(e,t){let n={};return n.totalCount=e,n.dataCount=t,n},n={},r=function(t,n){switch(n){case _u.L:return e[(t-1)*4+0];case _u.M:return e[(t-1)*4+1];case _u.Q:return e[(t-1)*4+2];case _u.H:return e[(t-1)*4+3];default:return}};return n.getRSBlocks=function(e,n){let i=r(e,n);if(i===void 0)throw`bad rs block @ typeNumber:`+e+`/errorCorrectionLevel:`+n;let a=i.length/3,o=[];for(let e=0;e<a;e+=1){let n=i[e*3+0],r=i[e*3+1],a=i[e*3+2];for(let e=0;e<n;e+=1)o.push(t(r,a))}return o},n}(),Cu=function(){let e=[],t=0,n={};return n.getBuffer=function(){return e},n.getAt=function(t){let n=Math.floor(t/8);return(e[n]>>>7-t%8&1)==1},n.put=function(e,t){for(let r=0;r<t;r+=1)n.putBit((e>>>t-r-1&1)==1)},n.getLengthInBits=function(){return t},n.putBit=function(n){let r=Math.floor(t/8);e.length<=r&&e.push(0),n&&(e[r]|=128>>>t%8),t+=1},n},wu=function(e){let t=gu.MODE_NUMBER,n=e,r={};r.getMode=function(){return t},r.getLength=function(e){return n.length},r.write=function(e){let t=n,r=0;for(;r+2<t.length;)e.put(i(t.substring(r,r+3)),10),r+=3;r<t.length&&(t.length-r==1?e.put(i(t.substring(r,r+1)),4):t.length-r==2&&e.put(i(t.substring(r,r+2)),7))};let i=function(e){let t=0;for(let n=0;n<e.length;n+=1)t=t*10+a(e.charAt(n));return t},a=function(e){if(`0`<=e&&e<=`9`)return e.charCodeAt(0)-48;throw`illegal char :`+e};return r},Tu=function(e){let t=gu.MODE_ALPHA_NUM,n=e,r={};r.getMode=function(){return t},r.getLength=function(e){return n.length},r.write=function(e){let t=n,r=0;for(;r+1<t.length;)e.put(i(t.charAt(r))*45+i(t.charAt(r+1)),11),r+=2;r<t.length&&e.put(i(t.charAt(r)),6)};let i=function(e){if(`0`<=e&&e<=`9`)return e.charCodeAt(0)-48;if(`A`<=e&&e<=`Z`)return e.charCodeAt(0)-65+10;switch(e){case` `:return 36;case`$`:return 37;case`%`:return 38;case`*`:return 39;case`+`:return 40;case`-`:return 41;case`.`:return 42;case`/`:return 43;case`:`:return 44;default:throw`illegal char :`+e}};return r},Eu=function(e){let t=gu.MODE_8BIT_BYTE,n=hu.stringToBytes(e),r={};return r.getMode=function(){return t},r.getLength=function(e){return n.length},r.write=function(e){for(let t=0;t<n.length;t+=1)e.put(n[t],8)},r},Du=function(e){let t=gu.MODE_KANJI,n=hu.stringToBytes;(function(e,t){let r=n(e);if(r.length!=2||(r[0]<<8|r[1])!=t)throw`sjis not supported.`})(`友`,38726);let r=n(e),i={};return i.getMode=function(){return t},i.getLength=function(e){return~~(r.length/2)},i.write=function(e){let t=r,n=0;for(;n+1<t.length;){let r=(255&t[n])<<8|255&t[n+1];if(33088<=r&&r<=40956)r-=33088;else if(57408<=r&&r<=60351)r-=49472;else throw`illegal char at `+(n+1)+`/`+r;r=(r>>>8&255)*192+(r&255),e.put(r,13),n+=2}if(n<t.length)throw`illegal char at `+(n+1)},i},Ou=function(){let e=[],t={};return t.writeByte=function(t){e.push(t&255)},t.writeShort=function(e){t.writeByte(e),t.writeByte(e>>>8)},t.writeBytes=function(e,n,r){n||=0,r||=e.length;for(let i=0;i<r;i+=1)t.writeByte(e[i+n])},t.writeString=function(e){for(let n=0;n<e.length;n+=1)t.writeByte(e.charCodeAt(n))},t.toByteArray=function(){return e},t.toString=function(){let t=``;t+=`[`;for(let n=0;n<e.length;n+=1)n>0&&(t+=`,`),t+=e[n];return t+=`]`,t},t},ku=function(){let e=0,t=0,n=0,r=``,i={},a=function(e){r+=String.fromCharCode(o(e&63))},o=function(e){if(e<0)throw`n:`+e;if(e<26)return 65+e;if(e<52)return 97+(e-26);if(e<62)return 48+(e-52);if(e==62)return 43;if(e==63)return 47;throw`n:`+e};return i.writeByte=function(r){for(e=e<<8|r&255,t+=8,n+=1;t>=6;)a(e>>>t-6),t-=6},i.flush=function(){if(t>0&&(a(e<<6-t),e=0,t=0),n%3!=0){let e=3-n%3;for(let t=0;t<e;t+=1)r+=`=`}},i.toString=function(){return r},i},Au=function(e){let t=e,n=0,r=0,i=0,a={};a.read=function(){for(;i<8;){if(n>=t.length){if(i==0)return-1;throw`unexpected end of file./`+i}let e=t.charAt(n);if(n+=1,e==`=`)return i=0,-1;e.match(/^\s$/)||(r=r<<6|o(e.charCodeAt(0)),i+=6)}let e=r>>>i-8&255;return i-=8,e};let o=function(e){if(65<=e&&e<=90)return e-65;if(97<=e&&e<=122)return e-97+26;if(48<=e&&e<=57)return e-48+52;if(e==43)return 62;if(e==47)return 63;throw`c:`+e};return a},ju=function(e,t){let n=e,r=t,i=Array(e*t),a={};a.setPixel=function(e,t,r){i[t*n+e]=r},a.write=function(e){e.writeString(`GIF87a`),e.writeShort(n),e.writeShort(r),e.writeByte(128),e.writeByte(0),e.writeByte(0),e.writeByte(0),e.writeByte(0),e.writeByte(0),e.writeByte(255),e.writeByte(255),e.writeByte(255),e.writeString(`,`),e.writeShort(0),e.writeShort(0),e.writeShort(n),e.writeShort(r),e.writeByte(0);let t=s(2);e.writeByte(2);let i=0;for(;t.length-i>255;)e.writeByte(255),e.writeBytes(t,i,255),i+=255;e.writeByte(t.length-i),e.writeBytes(t,i,t.length-i),e.writeByte(0),e.writeString(`;`)};let o=function(e){let t=e,n=0,r=0,i={};return i.write=function(e,i){if(e>>>i)throw`length over`;for(;n+i>=8;)t.writeByte(255&(e<<n|r)),i-=8-n,e>>>=8-n,r=0,n=0;r=e<<n|r,n+=i},i.flush=function(){n>0&&t.writeByte(r)},i},s=function(e){let t=1<<e,n=(1<<e)+1,r=e+1,a=c();for(let e=0;e<t;e+=1)a.add(String.fromCharCode(e));a.add(String.fromCharCode(t)),a.add(String.fromCharCode(n));let s=Ou(),l=o(s);l.write(t,r);let u=0,d=String.fromCharCode(i[u]);for(u+=1;u<i.length;){let e=String.fromCharCode(i[u]);u+=1,a.contains(d+e)?d+=e:(l.write(a.indexOf(d),r),a.size()<4095&&(a.size()==1<<r&&(r+=1),a.add(d+e)),d=e)}return l.write(a.indexOf(d),r),l.write(n,r),l.flush(),s.toByteArray()},c=function(){let e={},t=0,n={};return n.add=function(r){if(n.contains(r))throw`dup key:`+r;e[r]=t,t+=1},n.size=function(){return t},n.indexOf=function(t){return e[t]},n.contains=function(t){return e[t]!==void 0},n};return a},Mu=function(e,t,n){let r=ju(e,t);for(let i=0;i<t;i+=1)for(let t=0;t<e;t+=1)r.setPixel(t,i,n(t,i));let i=Ou();r.write(i);let a=ku(),o=i.toByteArray();for(let e=0;e<o.length;e+=1)a.writeByte(o[e]);return a.flush(),`data:image/gif;base64,`+a};hu.stringToBytes;function Nu(e,t=`QR`){let n=hu(0,`M`);n.addData(e,`Byte`),n.make();let r=n.getModuleCount(),i=r+4,a=``;for(let e=0;e<r;e++)for(let t=0;t<r;t++)n.isDark(e,t)&&(a+=`M${t+2} ${e+2}h1v1h-1z`);return`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${i} ${i}" role="img" aria-label="${t.replace(/[<>&"]/g,``)}" shape-rendering="crispEdges"><rect width="${i}" height="${i}" fill="#fff"/><path d="${a}" fill="#000"/></svg>`}var Pu={width:198,height:285};function Fu(e){return e.paper===`a4`?e.compact?23:42:e.paper===`thermal58`?48:56}function Iu(e){return e.paper===`a4`?Math.floor(Pu.height/Fu(e))*e.columns:1}function Lu(e,t){let n=Iu(t),r=[];for(let t=0;t<e.length;t+=n)r.push(e.slice(t,t+n));return r}function Ru(e){return e===`a4`?[2,3,4,5,6,8,10]:[1]}function zu(e,t,n){let r=new URL(e);return r.searchParams.set(`username`,t),r.searchParams.set(`password`,n),r.toString()}var Bu=W(`<option> </option>`),Vu=W(`<label><span> </span> <select name="columns"></select></label> <label class="check"><input type="checkbox" name="compact"/> </label>`,1),Hu=W(`<span class="field-error"> </span>`),Uu=W(`<div class="pw mono"> </div>`),Wu=W(`<article class="vcard"><div class="vtext"><div class="ssid"> </div> <div class="code mono"> </div> <!> <div class="meta"> </div></div> <div class="qr"></div></article>`),Gu=W(`<section class="sheet"></section>`),Ku=W(`<div class="print-controls"><a href="/batches"> </a> <h1> </h1> <!> <div class="form-grid"><label><span> </span> <select name="paper"><option>A4</option><option> </option><option> </option></select></label> <!> <label><span> </span><input name="ssid"/></label> <label><span> </span><input name="login-url" class="mono"/> <!></label></div> <p class="muted" data-testid="print-summary"> </p> <div class="row"><button class="primary"> </button> <button> </button></div> <p class="muted"> </p></div> <div></div>`,1);function qu(e,t){Xe(t,!0);let{location:n,batch:r}=wi(()=>t.params),i=P(null),a=P(null),o=P(I([])),s=P(!0),c=P(null),l=JSON.parse(localStorage.getItem(`tagih.print.${n}`)??`{}`),u=I({paper:l.paper??`a4`,columns:l.columns??4,compact:l.compact??!1}),d=P(I(l.base??`http://10.5.50.1/login`)),f=P(I(l.ssid??``)),p=N(()=>/^https?:\/\/[^\s/]+/.test(H(d))),m=N(()=>Lu(H(o),u));Yn(()=>{localStorage.setItem(`tagih.print.${n}`,JSON.stringify({...u,base:H(d),ssid:H(f)}))}),Yn(()=>{(async()=>{try{let[e,t]=await Promise.all([X(bs,{id:n}),X(Hs,{locationId:n})]);F(i,e.location,!0),F(a,t.voucherBatches.find(e=>e.id===r)??null,!0),H(f)||F(f,H(i)?.hotspotServer??``,!0),F(o,await nu(n,r,H(a)?.count??null),!0)}catch(e){F(c,e,!0)}finally{F(s,!1)}})()});function h(e){u.paper=e,Ru(e).includes(u.columns)||(u.columns=Ru(e)[0])}function g(e,t){return e.style.setProperty(`--cols`,String(t)),{update:t=>e.style.setProperty(`--cols`,String(t))}}let _=new Map;function v(e){if(!H(p))return``;let t=zu(H(d),e.code,e.password),n=_.get(t);return n===void 0&&_.set(t,n=Nu(t,e.code)),n}var y=Ku(),b=R(y),x=L(b),S=z(x),C=B(x,2),w=z(C,!0),T=B(C,2);{let e=N(()=>!H(s)&&!H(c)&&H(o).length===0);pc(T,{get loading(){return H(s)},get error(){return H(c)},get empty(){return H(e)}})}var E=B(T,2),D=L(E),ee=L(D),O=z(ee,!0),k=B(ee,2),te=L(k);te.value=te.__value=`a4`;var ne=B(te),re=z(ne,!0);ne.value=ne.__value=`thermal58`;var ie=B(ne),ae=z(ie,!0);ie.value=ie.__value=`thermal80`,M(k);var oe;wa(k),M(D);var se=B(D,2),ce=e=>{var t=Vu(),n=R(t),r=L(n),i=z(r,!0),a=B(r,2);J(a,20,()=>Ru(`a4`),e=>e,(e,t)=>{var n=Bu(),r=z(n,!0),i={};V(()=>{K(r,t),i!==(i=t)&&(n.value=(n.__value=i)??``)}),G(e,n)}),M(a),wa(a),M(n);var o=B(n,2),s=L(o);Ma(s);var c=B(s);M(o),V((e,t)=>{K(i,e),K(c,` ${t??``}`)},[()=>$(`print.columns`),()=>$(`print.compact`)]),Ta(a,()=>u.columns,e=>u.columns=e),za(s,()=>u.compact,e=>u.compact=e),G(e,t)};q(se,e=>{u.paper===`a4`&&e(ce)});var le=B(se,2),ue=L(le),de=z(ue,!0),fe=B(ue);Ma(fe),M(le);var pe=B(le,2),me=L(pe),he=z(me,!0),ge=B(me);Ma(ge);var _e=B(ge,2),ve=e=>{var t=Hu(),n=z(t,!0);V(e=>K(n,e),[()=>$(`form.invalidUrl`)]),G(e,t)};q(_e,e=>{H(p)||e(ve)}),M(pe),M(E);var A=B(E,2),ye=z(A,!0),j=B(A,2),be=L(j),xe=z(be,!0),Se=B(be,2),Ce=z(Se,!0);M(j);var we=z(B(j,2),!0);M(b);var Te=B(b,2);let Ee;J(Te,21,()=>H(m),ia,(e,t,n)=>{var r=Gu();J(r,21,()=>H(t),e=>e.id,(e,t)=>{var n=Wu(),r=L(n),i=L(r),a=z(i,!0),o=B(i,2),s=z(o,!0),c=B(o,2),l=e=>{var n=Uu(),r=z(n);V(e=>K(r,`${e??``}: ${H(t).password??``}`),[()=>$(`print.password`)]),G(e,n)};q(c,e=>{H(t).password!==H(t).code&&e(l)});var u=z(B(c,2));M(r);var d=B(r,2);_a(d,()=>v(H(t)),!0),M(d),M(n),V((e,n)=>{K(a,H(f)),K(s,H(t).code),K(u,`${e??``} · ${n??``}`),Y(d,`data-code`,H(t).code)},[()=>Ks(H(t).priceSell),()=>Zs(H(t).validitySeconds,ac.lang)]),G(e,n)}),M(r),ya(r,(e,t)=>g?.(e,t),()=>u.paper===`a4`?u.columns:1),V(e=>Y(r,`aria-label`,e),[()=>$(`print.page`,{n:n+1})]),G(e,r)}),M(Te),V((e,t,n,r,i,a,o,s,c,l,d,f)=>{K(S,`← ${e??``}`),K(w,t),K(O,n),K(re,r),K(ae,i),oe!==(oe=u.paper)&&(k.value=(k.__value=oe)??``,Ca(k,oe)),K(de,a),K(he,o),Y(ge,`aria-invalid`,!H(p)),K(ye,s),K(xe,c),Y(Se,`title`,l),K(Ce,d),K(we,f),Ee=ba(Te,1,`sheets paper-${u.paper??``}`,null,Ee,{compact:u.compact})},[()=>$(`nav.batches`),()=>$(`print.title`),()=>$(`print.paper`),()=>$(`print.roll`,{mm:58}),()=>$(`print.roll`,{mm:80}),()=>$(`print.ssid`),()=>$(`print.loginUrl`),()=>$(`print.summary`,{n:H(o).length,pages:H(m).length,per:Iu(u)}),()=>$(`print.print`),()=>$(`print.pdfHint`),()=>$(`print.pdf`),()=>$(`print.pdfHint`)]),U(`change`,k,e=>h(e.currentTarget.value)),Ra(fe,()=>H(f),e=>F(f,e)),Ra(ge,()=>H(d),e=>F(d,e)),U(`click`,be,()=>window.print()),U(`click`,Se,()=>window.print()),G(e,y),Ze()}Fi([`change`,`click`]);var Ju=W(`<tr><td><a> </a> <!></td><td class="mono"> </td><td class="num"> </td><td class="num"> </td></tr>`),Yu=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th class="num"> </th><th class="num"> </th></tr></thead><tbody></tbody></table></div>`),Xu=W(`<span class="field-error"> </span>`),Zu=W(`<option> </option>`),Qu=W(`<p class="error" role="alert"> </p>`),$u=W(`<h1> </h1> <form class="row" role="search"><input name="search"/> <button type="submit"> </button></form> <p class="muted"> </p> <!> <!> <form class="card" novalidate=""><h2> </h2> <div class="form-grid"><label><span> </span><input name="customer-name"/> <!></label> <label><span> </span><input name="phone" inputmode="tel" placeholder="08…"/> <!></label> <label><span> </span><input name="address"/></label> <label><span> </span> <select name="customer-location"></select></label></div> <!> <button class="primary" type="submit"> </button></form>`,1);function ed(e,t){Xe(t,!0);let n=P(``),r=P(I([])),i=P(0),a=P(!0),o=P(null),s=I({name:``,phone:``,address:``,locationId:``}),c=P(!1),l=P(null);async function u(){F(a,!0);try{let e=await X(Lo,{search:H(n).trim()||void 0,first:50});F(r,e.customers.nodes,!0),F(i,e.customers.totalCount,!0),F(o,null)}catch(e){F(o,e,!0)}finally{F(a,!1)}}Yn(()=>wi(()=>{u(),tc().then(()=>s.locationId||=Q.current??``)}));let d=N(()=>({name:s.name.trim()?null:`form.required`,phone:/^(\+?62|0)8\d{7,12}$/.test(s.phone.replace(/[\s-]/g,``))?null:`form.invalidPhone`}));async function f(e){if(e.preventDefault(),F(c,!0),!(H(d).name||H(d).phone||!s.locationId))try{Zc(`/customers/${(await X(zo,{input:{name:s.name.trim(),phone:s.phone.trim(),address:s.address.trim(),locationId:s.locationId}})).createCustomer.id}`)}catch(e){F(l,lc(e),!0)}}var p=$u(),m=R(p),h=z(m,!0),g=B(m,2),_=L(g);Ma(_);var v=z(B(_,2),!0);M(g);var y=B(g,2),b=z(y,!0),x=B(y,2);{let e=N(()=>!H(a)&&H(r).length===0);pc(x,{get loading(){return H(a)},get error(){return H(o)},get empty(){return H(e)}})}var S=B(x,2),C=e=>{var t=Yu(),n=L(t),i=L(n),a=L(i),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=B(c),d=z(u,!0),f=z(B(u),!0);M(a),M(i);var p=B(i);J(p,21,()=>H(r),e=>e.id,(e,t)=>{var n=Ju(),r=L(n),i=L(r),a=z(i,!0),o=B(i,2),s=e=>{{let t=N(()=>$(`common.inactive`));hc(e,{get text(){return H(t)}})}};q(o,e=>{H(t).active||e(s)}),M(r);var c=B(r),l=z(c,!0),u=B(c),d=z(u,!0),f=z(B(u),!0);M(n),V((e,n)=>{Y(i,`href`,`/customers/${H(t).id??``}`),K(a,H(t).name),K(l,H(t).phone),K(d,e),K(f,n)},[()=>Ks(H(t).balance),()=>Ks(H(t).debt)]),G(e,n)}),M(p),M(n),M(t),V((e,t,n,r)=>{K(s,e),K(l,t),K(d,n),K(f,r)},[()=>$(`common.name`),()=>$(`customers.phone`),()=>$(`customers.balance`),()=>$(`customers.debt`)]),G(e,t)};q(S,e=>{H(r).length&&e(C)});var w=B(S,2),T=L(w),E=z(T,!0),D=B(T,2),ee=L(D),O=L(ee),k=z(O,!0),te=B(O);Ma(te);var ne=B(te,2),re=e=>{var t=Xu(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(d).name)]),G(e,t)};q(ne,e=>{H(c)&&H(d).name&&e(re)}),M(ee);var ie=B(ee,2),ae=L(ie),oe=z(ae,!0),se=B(ae);Ma(se);var ce=B(se,2),le=e=>{var t=Xu(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(d).phone)]),G(e,t)};q(ce,e=>{H(c)&&H(d).phone&&e(le)}),M(ie);var ue=B(ie,2),de=L(ue),fe=z(de,!0),pe=B(de);Ma(pe),M(ue);var me=B(ue,2),he=L(me),ge=z(he,!0),_e=B(he,2);J(_e,21,()=>Q.list,e=>e.id,(e,t)=>{var n=Zu(),r=z(n,!0),i={};V(()=>{K(r,H(t).name),i!==(i=H(t).id)&&(n.value=(n.__value=i)??``)}),G(e,n)}),M(_e),wa(_e),M(me),M(D);var ve=B(D,2),A=e=>{var t=Qu(),n=z(t,!0);V(()=>K(n,H(l))),G(e,t)};q(ve,e=>{H(l)&&e(A)});var ye=z(B(ve,2),!0);M(w),V((e,t,n,r,i,a,o,s,l,u,f)=>{K(h,e),Y(_,`aria-label`,t),Y(_,`placeholder`,n),K(v,r),K(b,i),K(E,a),K(k,o),Y(te,`aria-invalid`,H(c)&&!!H(d).name),K(oe,s),Y(se,`aria-invalid`,H(c)&&!!H(d).phone),K(fe,l),K(ge,u),K(ye,f)},[()=>$(`nav.customers`),()=>$(`customers.search`),()=>$(`customers.search`),()=>$(`common.search`),()=>$(`common.count`,{n:H(i)}),()=>$(`customers.new`),()=>$(`common.name`),()=>$(`customers.phone`),()=>$(`customers.address`),()=>$(`common.location`),()=>$(`common.save`)]),Pi(`submit`,g,e=>{e.preventDefault(),u()}),Ra(_,()=>H(n),e=>F(n,e)),Pi(`submit`,w,f),Ra(te,()=>s.name,e=>s.name=e),Ra(se,()=>s.phone,e=>s.phone=e),Ra(pe,()=>s.address,e=>s.address=e),Ta(_e,()=>s.locationId,e=>s.locationId=e),G(e,p),Ze()}var td=W(`<p class="error" role="alert"> </p>`),nd=W(`<p class="muted"> </p>`),rd=W(`<button class="link danger"> </button>`),id=W(`<tr><td class="mono"> <br/><span class="muted"> </span></td><td class="num"> </td><td><!><br/> </td><td><label class="check"><input type="checkbox"/> </label> <button class="link"> </button> <!></td></tr>`),ad=W(`<option> </option>`),od=W(`<span class="field-error"> </span>`),sd=W(`<button class="link"> </button>`),cd=W(`<tr><td class="mono"> </td><td class="num"> </td><td class="num"> </td><td><!></td><td><!></td></tr>`),ld=W(`<li> </li>`),ud=W(`<h1> </h1> <div class="grid wide"><div class="card stat"><span class="value"> </span><span class="label"> </span></div> <div class="card stat"><span class="value"> </span><span class="label"> </span></div> <div class="card"><span class="mono"> </span><br/><span class="muted"> </span></div></div> <!> <h2> </h2> <!> <div class="table"><table><tbody></tbody></table></div> <form class="card" novalidate=""><div class="form-grid"><label><span> </span><select name="sub-profile"></select></label> <label><span> </span><input name="sub-count" inputmode="numeric"/> <!></label> <label><span> </span><input name="sub-username"/> <!></label></div> <button type="submit"> </button></form> <h2> </h2> <!> <div class="table"><table><tbody></tbody></table></div> <h2> </h2> <!> <ul class="feed"></ul>`,1),dd=W(`<!> <!>`,1);function fd(e,t){Xe(t,!0);let n=P(null),r=P(!0),i=P(null),a=P(null),o=P(I([])),s=I({profile:``,username:``,count:`1`}),c=N(()=>Number(s.count)>1),l=N(()=>/^\d+$/.test(s.count)&&Number(s.count)>=1&&Number(s.count)<=500),u=N(()=>!H(c)||/^[A-Za-z0-9._-]{1,32}$/.test(s.username.trim()));async function d(){try{F(n,(await X(Ro,{id:t.params.id})).customer,!0),H(n)&&H(o).length===0&&(F(o,(await X(ks,{locationId:H(n).locationId})).pppProfiles.filter(e=>!e.retired),!0),s.profile=H(o)[0]?.name??``)}catch(e){F(i,e,!0)}finally{F(r,!1)}}Yn(()=>{d()});async function f(e){F(a,null);try{await e(),await d()}catch(e){F(a,lc(e),!0)}}function p(e){e.preventDefault();let t=H(n);if(!t||!s.profile||!H(l)||!H(u))return;let r={profile:s.profile};f(()=>H(c)?X(ts,{input:{customerId:t.id,prefix:s.username.trim(),count:Number(s.count),plan:r}}):X(Vo,{input:{customerId:t.id,username:s.username.trim()||void 0,plan:r}}))}function m(e,t){let n=prompt($(`customers.cashAmount`),t);if(n==null)return;let r=$s(n);if(!r)return alert($(`form.invalidMoney`));let i=prompt($(`customers.receipt`));i?.trim()&&f(()=>X(Bo,{invoiceId:e,amount:r,reference:i.trim(),asDebt:!1}))}var h=dd(),g=R(h);pc(g,{get loading(){return H(r)},get error(){return H(i)}});var _=B(g,2),v=e=>{var t=ud(),r=R(t),i=z(r,!0),d=B(r,2),h=L(d),g=L(h),_=z(g,!0),v=z(B(g),!0);M(h);var y=B(h,2),b=L(y),x=z(b,!0),S=z(B(b),!0);M(y);var C=B(y,2),w=L(C),T=z(w,!0),E=z(B(w,2),!0);M(C),M(d);var D=B(d,2),ee=e=>{var t=td(),n=z(t,!0);V(()=>K(n,H(a))),G(e,t)};q(D,e=>{H(a)&&e(ee)});var O=B(D,2),k=z(O,!0),te=B(O,2),ne=e=>{var t=nd(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(te,e=>{H(n).subscriptions.length===0&&e(ne)});var re=B(te,2),ie=L(re),ae=L(ie);J(ae,21,()=>H(n).subscriptions,e=>e.id,(e,t)=>{var r=id(),i=L(r),a=L(i,!0),o=z(B(a,2));M(i);var s=B(i),c=z(s,!0),l=B(s),u=L(l);{let e=N(()=>H(t).status===`ACTIVE`?`good`:H(t).status===`GRACE`?`warn`:`bad`);hc(u,{get text(){return H(t).status},get tone(){return H(e)}})}var d=B(u,2,!0);M(l);var p=B(l),m=L(p),h=L(m);Ma(h);var g=B(h);M(m);var _=B(m,2),v=z(_,!0),y=B(_,2),b=e=>{var n=rd(),r=z(n,!0);V(e=>K(r,e),[()=>$(`subs.cancel`)]),U(`click`,n,()=>{let e=prompt($(`subs.cancelReason`));e?.trim()&&f(()=>X(Ho,{id:H(t).id,reason:e.trim()}))}),G(e,n)};q(y,e=>{H(t).status!==`CANCELLED`&&e(b)}),M(p),M(r),V((e,n,r,i)=>{K(a,H(t).username),K(o,`${H(t).kind??``} · ${H(t).profile??``}`),K(c,e),K(d,n),Pa(h,H(t).autoRenew),K(g,` ${r??``}`),K(v,i)},[()=>Ks(H(t).price),()=>Ys(H(t).expiry,ac.lang,rc(H(n).locationId)),()=>$(`subs.autoRenew`),()=>$(`subs.issueInvoice`)]),U(`change`,h,e=>f(()=>X(Uo,{id:H(t).id,enabled:e.currentTarget.checked}))),U(`click`,_,()=>f(()=>X(Wo,{subscriptionId:H(t).id}))),G(e,r)}),M(ae),M(ie),M(re);var oe=B(re,2),se=L(oe),ce=L(se),le=L(ce),ue=z(le,!0),de=B(le);J(de,21,()=>H(o),e=>e.id,(e,t)=>{var n=ad(),r=z(n),i={};V(e=>{K(r,`${H(t).name??``} · ${e??``}`),i!==(i=H(t).name)&&(n.value=(n.__value=i)??``)},[()=>Ks(H(t).price)]),G(e,n)}),M(de),wa(de),M(ce);var fe=B(ce,2),pe=L(fe),me=z(pe,!0),he=B(pe);Ma(he);var ge=B(he,2),_e=e=>{var t=od(),n=z(t,!0);V(e=>K(n,e),[()=>$(`form.invalidSubCount`)]),G(e,t)};q(ge,e=>{H(l)||e(_e)}),M(fe);var ve=B(fe,2),A=L(ve),ye=z(A,!0),j=B(A);Ma(j);var be=B(j,2),xe=e=>{var t=od(),n=z(t,!0);V(e=>K(n,e),[()=>$(`form.required`)]),G(e,t)};q(be,e=>{H(u)||e(xe)}),M(ve),M(se);var Se=B(se,2),Ce=z(Se,!0);M(oe);var we=B(oe,2),Te=z(we,!0),Ee=B(we,2),De=e=>{var t=nd(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(Ee,e=>{H(n).invoices.length===0&&e(De)});var Oe=B(Ee,2),ke=L(Oe),Ae=L(ke);J(Ae,21,()=>H(n).invoices,e=>e.id,(e,t)=>{var n=cd(),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),s=B(a),c=z(s,!0),l=B(s),u=L(l);{let e=N(()=>H(t).status===`PAID`?`good`:H(t).status===`OPEN`?`warn`:`neutral`);hc(u,{get text(){return H(t).status},get tone(){return H(e)}})}M(l);var d=B(l),f=L(d),p=e=>{var n=sd(),r=z(n,!0);V(e=>K(r,e),[()=>$(`customers.recordCash`)]),U(`click`,n,()=>m(H(t).id,H(t).outstanding)),G(e,n)},h=N(()=>H(t).status===`OPEN`&&go(`admin`));q(f,e=>{H(h)&&e(p)}),M(d),M(n),V((e,n)=>{K(i,H(t).number),K(o,e),K(c,n)},[()=>Ks(H(t).amount),()=>Ks(H(t).outstanding)]),G(e,n)}),M(Ae),M(ke),M(Oe);var je=B(Oe,2),Me=z(je,!0),Ne=B(je,2),Pe=e=>{var t=nd(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(Ne,e=>{H(n).ledger.length===0&&e(Pe)});var Fe=B(Ne,2);J(Fe,21,()=>H(n).ledger,e=>e.id,(e,t)=>{var r=ld(),i=z(r);V((e,n)=>K(i,`${e??``} · ${H(t).kind??``} · ${n??``} · ${H(t).reason??``}`),[()=>Ys(H(t).recordedAt,ac.lang,rc(H(n).locationId)),()=>Ks(H(t).amount)]),G(e,r)}),M(Fe),V((e,t,r,a,o,c,d,f,p,m,h,g)=>{K(i,H(n).name),K(_,e),K(v,t),K(x,r),K(S,a),K(T,H(n).phone),K(E,H(n).address),K(k,o),K(ue,c),K(me,d),Y(he,`aria-invalid`,!H(l)),K(ye,f),Y(j,`placeholder`,p),Y(j,`aria-invalid`,!H(u)),Se.disabled=!s.profile||!H(l)||!H(u),K(Ce,m),K(Te,h),K(Me,g)},[()=>Ks(H(n).balance),()=>$(`customers.balance`),()=>Ks(H(n).debt),()=>$(`customers.debt`),()=>$(`nav.subscriptions`),()=>$(`subs.profile`),()=>$(`subs.count`),()=>H(c)?$(`subs.prefix`):$(`login.username`),()=>H(c)?`pel-`:$(`subs.auto`),()=>$(`subs.create`),()=>$(`nav.invoices`),()=>$(`customers.ledger`)]),Pi(`submit`,oe,p),Ta(de,()=>s.profile,e=>s.profile=e),Ra(he,()=>s.count,e=>s.count=e),Ra(j,()=>s.username,e=>s.username=e),G(e,t)};q(_,e=>{H(n)&&e(v)}),G(e,h),Ze()}Fi([`change`,`click`]);var pd=W(`<option> </option>`),md=W(`<tr><td class="mono"> <br/><span class="muted"> </span></td><td><a> </a></td><td class="num"> </td><td><!><!></td><td> </td></tr>`),hd=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th class="num"> </th><th> </th><th> </th></tr></thead><tbody></tbody></table></div>`),gd=W(`<h1> </h1> <label class="row"><span> </span> <select name="status"><option> </option><!></select></label> <p class="muted"> </p> <!> <!>`,1);function _d(e,t){Xe(t,!0);let n=P(``),r=P(I([])),i=P(0),a=P(!0),o=P(null);Yn(()=>{F(a,!0),X(Go,{status:H(n)||void 0,first:100}).then(e=>{F(r,e.subscriptions.nodes,!0),F(i,e.subscriptions.totalCount,!0)}).catch(e=>F(o,e,!0)).finally(()=>F(a,!1))});var s=gd(),c=R(s),l=z(c,!0),u=B(c,2),d=L(u),f=z(d,!0),p=B(d,2),m=L(p),h=z(m,!0);m.value=m.__value=``,J(B(m),16,()=>[`ACTIVE`,`GRACE`,`DISABLED`,`CANCELLED`],e=>e,(e,t)=>{var n=pd(),r=z(n,!0),i={};V(()=>{K(r,t),i!==(i=t)&&(n.value=(n.__value=i)??``)}),G(e,n)}),M(p),wa(p),M(u);var g=B(u,2),_=z(g,!0),v=B(g,2);{let e=N(()=>!H(a)&&H(r).length===0);pc(v,{get loading(){return H(a)},get error(){return H(o)},get empty(){return H(e)}})}var y=B(v,2),b=e=>{var t=hd(),n=L(t),i=L(n),a=L(i),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=B(c),d=z(u,!0),f=B(u),p=z(f,!0),m=z(B(f),!0);M(a),M(i);var h=B(i);J(h,21,()=>H(r),e=>e.id,(e,t)=>{var n=md(),r=L(n),i=L(r,!0),a=z(B(i,2));M(r);var o=B(r),s=L(o),c=z(s,!0);M(o);var l=B(o),u=z(l,!0),d=B(l),f=L(d);{let e=N(()=>H(t).status===`ACTIVE`?`good`:H(t).status===`GRACE`?`warn`:`bad`);hc(f,{get text(){return H(t).status},get tone(){return H(e)}})}var p=B(f),m=e=>{G(e,Gi(`↻`))};q(p,e=>{H(t).autoRenew&&e(m)}),M(d);var h=z(B(d),!0);M(n),V((e,n)=>{K(i,H(t).username),K(a,`${H(t).kind??``} · ${H(t).profile??``}`),Y(s,`href`,`/customers/${H(t).customerId??``}`),K(c,H(t).customer?.name??H(t).customerId),K(u,e),K(h,n)},[()=>Ks(H(t).price),()=>Ys(H(t).expiry,ac.lang)]),G(e,n)}),M(h),M(n),M(t),V((e,t,n,r,i)=>{K(s,e),K(l,t),K(d,n),K(p,r),K(m,i)},[()=>$(`login.username`),()=>$(`nav.customers`),()=>$(`profiles.price`),()=>$(`common.status`),()=>$(`subs.expiry`)]),G(e,t)};q(y,e=>{H(r).length&&e(b)}),V((e,t,n,r)=>{K(l,e),K(f,t),K(h,n),K(_,r)},[()=>$(`nav.subscriptions`),()=>$(`common.status`),()=>$(`common.all`),()=>$(`common.count`,{n:H(i)})]),Ta(p,()=>H(n),e=>F(n,e)),G(e,s),Ze()}var vd=W(`<option> </option>`),yd=W(`<tr><td class="mono"> </td><td><a> </a></td><td class="num"> </td><td class="num"> </td><td><!></td><td> </td></tr>`),bd=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th class="num"> </th><th class="num"> </th><th> </th><th> </th></tr></thead><tbody></tbody></table></div>`),xd=W(`<h1> </h1> <label class="row"><span> </span> <select name="status"><option> </option><!></select></label> <p class="muted"> </p> <!> <!>`,1);function Sd(e,t){Xe(t,!0);let n=P(``),r=P(I([])),i=P(0),a=P(!0),o=P(null);Yn(()=>{F(a,!0),X(Ko,{status:H(n)||void 0,first:100}).then(e=>{F(r,e.invoices.nodes,!0),F(i,e.invoices.totalCount,!0)}).catch(e=>F(o,e,!0)).finally(()=>F(a,!1))});var s=xd(),c=R(s),l=z(c,!0),u=B(c,2),d=L(u),f=z(d,!0),p=B(d,2),m=L(p),h=z(m,!0);m.value=m.__value=``,J(B(m),16,()=>[`OPEN`,`PAID`,`VOID`],e=>e,(e,t)=>{var n=vd(),r=z(n,!0),i={};V(()=>{K(r,t),i!==(i=t)&&(n.value=(n.__value=i)??``)}),G(e,n)}),M(p),wa(p),M(u);var g=B(u,2),_=z(g,!0),v=B(g,2);{let e=N(()=>!H(a)&&H(r).length===0);pc(v,{get loading(){return H(a)},get error(){return H(o)},get empty(){return H(e)}})}var y=B(v,2),b=e=>{var t=bd(),n=L(t),i=L(n),a=L(i),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=B(c),d=z(u,!0),f=B(u),p=z(f,!0),m=B(f),h=z(m,!0),g=z(B(m),!0);M(a),M(i);var _=B(i);J(_,21,()=>H(r),e=>e.id,(e,t)=>{var n=yd(),r=L(n),i=z(r,!0),a=B(r),o=L(a),s=z(o,!0);M(a);var c=B(a),l=z(c,!0),u=B(c),d=z(u,!0),f=B(u),p=L(f);{let e=N(()=>H(t).status===`PAID`?`good`:H(t).status===`OPEN`?`warn`:`neutral`);hc(p,{get text(){return H(t).status},get tone(){return H(e)}})}M(f);var m=z(B(f),!0);M(n),V((e,n,r)=>{K(i,H(t).number),Y(o,`href`,`/customers/${H(t).customerId??``}`),K(s,H(t).customer?.name??H(t).customerId),K(l,e),K(d,n),K(m,r)},[()=>Ks(H(t).amount),()=>Ks(H(t).outstanding),()=>Ys(H(t).dueDate,ac.lang)]),G(e,n)}),M(_),M(n),M(t),V((e,t,n,r,i,a)=>{K(s,e),K(l,t),K(d,n),K(p,r),K(h,i),K(g,a)},[()=>$(`invoices.number`),()=>$(`nav.customers`),()=>$(`invoices.amount`),()=>$(`invoices.outstanding`),()=>$(`common.status`),()=>$(`invoices.due`)]),G(e,t)};q(y,e=>{H(r).length&&e(b)}),V((e,t,n,r)=>{K(l,e),K(f,t),K(h,n),K(_,r)},[()=>$(`nav.invoices`),()=>$(`common.status`),()=>$(`common.all`),()=>$(`common.count`,{n:H(i)})]),Ta(p,()=>H(n),e=>F(n,e)),G(e,s),Ze()}var Cd=W(`<option> </option>`),wd=W(`<p class="error" role="alert"> </p>`),Td=W(`<br/><span class="muted"> </span>`,1),Ed=W(`<button class="link"> </button>`),Dd=W(`<button class="link"> </button><button class="link danger"> </button>`,1),Od=W(`<!> <!> <!>`,1),kd=W(`<tr><td> <br/><span class="muted mono"> </span></td><td> </td><td class="num"> <!></td><td><!></td><td><!></td></tr>`),Ad=W(`<div class="table"><table aria-live="polite"><thead><tr><th> </th><th> </th><th class="num"> </th><th> </th><th></th></tr></thead><tbody></tbody></table></div>`),jd=W(`<h1> </h1> <label class="row"><span> </span> <select name="status"><option> </option><!></select></label> <!> <!> <!>`,1);function Md(e,t){Xe(t,!0);let n=P(``),r=P(I([])),i=P(!0),a=P(null),o=P(null);Yn(()=>{F(i,!0),X(qo,{status:H(n)||void 0}).then(e=>F(r,e.payments,!0)).catch(e=>F(a,e,!0)).finally(()=>F(i,!1));let e=H(n);return Eo(Jo,()=>({}),t=>{let n=t.paymentsChanged.filter(t=>!e||t.status===e);F(r,[...n,...H(r).filter(e=>!t.paymentsChanged.some(t=>t.id===e.id))],!0)},void 0,()=>{X(qo,{status:e||void 0}).then(e=>F(r,e.payments,!0)).catch(()=>{})})});async function s(e){F(o,null);try{await e()}catch(e){F(o,lc(e),!0)}}function c(e){let t=$s(prompt($(`payments.amount`),e.amount)??``);t&&s(()=>X(Yo,{paymentId:e.id,amount:t}))}function l(e,t){let n=prompt($(`payments.note`));n?.trim()&&s(()=>X(Xo,{paymentId:e.id,approve:t,note:n.trim()}))}function u(e){let t=$s(prompt($(`payments.amount`),e.amount)??``),n=t?prompt($(`payments.reason`)):null;t&&n?.trim()&&s(()=>X(Zo,{paymentId:e.id,amount:t,reason:n.trim(),refundRef:`dash-${e.id}-${Date.now()}`}))}var d=jd(),f=R(d),p=z(f,!0),m=B(f,2),h=L(m),g=z(h,!0),_=B(h,2),v=L(_),y=z(v,!0);v.value=v.__value=``,J(B(v),16,()=>[`PENDING`,`PAID`,`FAILED`,`EXPIRED`,`REFUNDED`,`REVIEW`],e=>e,(e,t)=>{var n=Cd(),r=z(n,!0),i={};V(()=>{K(r,t),i!==(i=t)&&(n.value=(n.__value=i)??``)}),G(e,n)}),M(_),wa(_),M(m);var b=B(m,2),x=e=>{var t=wd(),n=z(t,!0);V(()=>K(n,H(o))),G(e,t)};q(b,e=>{H(o)&&e(x)});var S=B(b,2);{let e=N(()=>!H(i)&&H(r).length===0);pc(S,{get loading(){return H(i)},get error(){return H(a)},get empty(){return H(e)}})}var C=B(S,2),w=e=>{var t=Ad(),n=L(t),i=L(n),a=L(i),o=L(a),s=z(o,!0),d=B(o),f=z(d,!0),p=B(d),m=z(p,!0),h=z(B(p),!0);Se(),M(a),M(i);var g=B(i);J(g,21,()=>H(r),e=>e.id,(e,t)=>{var n=kd(),r=L(n),i=L(r,!0),a=z(B(i,2),!0);M(r);var o=B(r),s=z(o),d=B(o),f=L(d,!0),p=B(f),m=e=>{var n=Td(),r=z(B(R(n)));V(e=>K(r,`−${e??``}`),[()=>Ks(H(t).refundedTotal)]),G(e,n)};q(p,e=>{H(t).refundedTotal!==`0`&&H(t).refundedTotal!==`0.00`&&e(m)}),M(d);var h=B(d),g=L(h);{let e=N(()=>H(t).status===`PAID`?`good`:H(t).status===`PENDING`||H(t).status===`REVIEW`?`warn`:`bad`);hc(g,{get text(){return H(t).status},get tone(){return H(e)}})}M(h);var _=B(h),v=L(_),y=e=>{var n=Od(),r=R(n),i=e=>{var n=Ed(),r=z(n,!0);V(e=>K(r,e),[()=>$(`payments.confirm`)]),U(`click`,n,()=>c(H(t))),G(e,n)};q(r,e=>{H(t).status===`PENDING`&&H(t).plugin===`manual`&&e(i)});var a=B(r,2),o=e=>{var n=Dd(),r=R(n),i=z(r,!0),a=B(r),o=z(a,!0);V((e,t)=>{K(i,e),K(o,t)},[()=>$(`payments.approve`),()=>$(`payments.reject`)]),U(`click`,r,()=>l(H(t),!0)),U(`click`,a,()=>l(H(t),!1)),G(e,n)};q(a,e=>{H(t).status===`REVIEW`&&e(o)});var s=B(a,2),d=e=>{var n=Ed(),r=z(n,!0);V(e=>K(r,e),[()=>$(`payments.refund`)]),U(`click`,n,()=>u(H(t))),G(e,n)};q(s,e=>{H(t).status===`PAID`&&e(d)}),G(e,n)},b=N(()=>go(`admin`));q(v,e=>{H(b)&&e(y)}),M(_),M(n),V((e,n)=>{K(i,e),K(a,H(t).orderId),K(s,`${H(t).plugin??``}${H(t).channel?` / ${H(t).channel}`:``}`),K(f,n)},[()=>Ys(H(t).paidAt??H(t).createdAt,ac.lang),()=>Ks(H(t).amount)]),G(e,n)}),M(g),M(n),M(t),V((e,t,n,r)=>{K(s,e),K(f,t),K(m,n),K(h,r)},[()=>$(`common.time`),()=>$(`payments.method`),()=>$(`payments.amount`),()=>$(`common.status`)]),G(e,t)};q(C,e=>{H(r).length&&e(w)}),V((e,t,n)=>{K(p,e),K(g,t),K(y,n)},[()=>$(`nav.payments`),()=>$(`common.status`),()=>$(`common.all`)]),Ta(_,()=>H(n),e=>F(n,e)),G(e,d),Ze()}Fi([`click`]);var Nd=4;function Pd(e){let t=e.trim(),n=t.startsWith(`-`),[r=`0`,i=``]=(n?t.slice(1):t).split(`.`),a=BigInt(r||`0`)*10n**BigInt(Nd)+BigInt((i+`0000`).slice(0,Nd));return n?-a:a}function Fd(e,t){let n=Pd(e)-Pd(t);return n<0n?-1:+(n>0n)}function Id(e){let t=e=>/[",\n]/.test(e)?`"${e.replaceAll(`"`,`""`)}"`:e,n=e=>[t(e.key),e.count,e.revenue,e.cost,e.profit,e.refunds,e.net];return[`key,count,revenue,cost,profit,refunds,net`,...e.map(e=>n(e).join(`,`))].join(`
`)+`
`}function Ld(e){if(e.length===0)return[];let t=e.reduce((e,t)=>Fd(t,e)>0?t:e,e[0]),n=Number(t);return e.map(e=>n>0?Math.max(0,Math.round(Number(e)/n*100)):0)}var Rd=W(`<option> </option>`),zd=W(`<tr><td> </td><td class="num"> </td><td class="num"> </td><td class="num"> </td><td class="num"> </td><td class="num"> </td><td class="num"> </td><td><div class="bar" aria-hidden="true"></div></td></tr>`),Bd=W(`<tfoot><tr><th> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th></th></tr></tfoot>`),Vd=W(`<div class="table"><table><thead><tr><th> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th class="num"> </th><th> </th></tr></thead><tbody></tbody><!></table></div>`),Hd=W(`<div class="card stat"><span class="value"> </span><span class="label"> </span></div>`),Ud=W(`<h2> </h2> <div class="grid wide"></div> <p> </p>`,1),Wd=W(`<h1> </h1> <div class="row"><label><span> </span><input type="date" name="from"/></label> <label><span> </span><input type="date" name="to"/></label> <label><span> </span> <select name="group"></select></label> <a> </a></div> <!> <!> <!>`,1);function Gd(e,t){Xe(t,!0);let n=Xs(new Date),r=P(I(new Date(n.getTime()-25056e5).toISOString().slice(0,10))),i=P(I(new Date().toISOString().slice(0,10))),a=P(`DAY`),o=P(I([])),s=P(null),c=P(null),l=P(!0),u=P(null);Yn(()=>{F(l,!0),Promise.all([X(Qo,{from:H(r),to:H(i),groupBy:H(a)}),X(es)]).then(([e,t])=>{F(o,e.financeReport.rows,!0),F(s,e.financeReport.total,!0),F(c,t.debtAging,!0),F(u,null)}).catch(e=>F(u,e,!0)).finally(()=>F(l,!1))});let d=N(()=>Ld(H(o).map(e=>e.net))),f=N(()=>URL.createObjectURL(new Blob([Id(H(o))],{type:`text/csv`})));function p(e,t){return e.style.setProperty(`--w`,`${t}%`),{update:t=>e.style.setProperty(`--w`,`${t}%`)}}var m=Wd(),h=R(m),g=z(h,!0),_=B(h,2),v=L(_),y=L(v),b=z(y,!0),x=B(y);Ma(x),M(v);var S=B(v,2),C=L(S),w=z(C,!0),T=B(C);Ma(T),M(S);var E=B(S,2),D=L(E),ee=z(D,!0),O=B(D,2);J(O,20,()=>[`DAY`,`MONTH`,`LOCATION`,`PROFILE`,`METHOD`,`OPERATOR`,`SOURCE`],e=>e,(e,t)=>{var n=Rd(),r=z(n,!0),i={};V(e=>{K(r,e),i!==(i=t)&&(n.value=(n.__value=i)??``)},[()=>$(`reports.g.${t}`)]),G(e,n)}),M(O),wa(O),M(E);var k=B(E,2),te=z(k,!0);M(_);var ne=B(_,2);{let e=N(()=>!H(l)&&H(o).length===0);pc(ne,{get loading(){return H(l)},get error(){return H(u)},get empty(){return H(e)}})}var re=B(ne,2),ie=e=>{var t=Vd(),n=L(t),r=L(n),i=L(r),a=L(i),c=z(a,!0),l=B(a),u=z(l,!0),f=B(l),m=z(f,!0),h=B(f),g=z(h,!0),_=B(h),v=z(_,!0),y=B(_),b=z(y,!0),x=B(y),S=z(x,!0),C=z(B(x),!0);M(i),M(r);var w=B(r);J(w,23,()=>H(o),e=>e.key,(e,t,n)=>{var r=zd(),i=L(r),a=z(i,!0),o=B(i),s=z(o,!0),c=B(o),l=z(c,!0),u=B(c),f=z(u,!0),m=B(u),h=z(m,!0),g=B(m),_=z(g,!0),v=B(g),y=z(v,!0),b=B(v);ya(L(b),(e,t)=>p?.(e,t),()=>H(d)[H(n)]),M(b),M(r),V((e,n,r,i,o)=>{K(a,H(t).key),K(s,H(t).count),K(l,e),K(f,n),K(h,r),K(_,i),K(y,o)},[()=>Ks(H(t).revenue),()=>Ks(H(t).cost),()=>Ks(H(t).profit),()=>Ks(H(t).refunds),()=>Ks(H(t).net)]),G(e,r)}),M(w);var T=B(w),E=e=>{var t=Bd(),n=L(t),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),c=B(a),l=z(c,!0),u=B(c),d=z(u,!0),f=B(u),p=z(f,!0),m=B(f),h=z(m,!0),g=z(B(m),!0);Se(),M(n),M(t),V((e,t,n,r,a,c)=>{K(i,e),K(o,H(s).count),K(l,t),K(d,n),K(p,r),K(h,a),K(g,c)},[()=>$(`reports.sum`),()=>Ks(H(s).revenue),()=>Ks(H(s).cost),()=>Ks(H(s).profit),()=>Ks(H(s).refunds),()=>Ks(H(s).net)]),G(e,t)};q(T,e=>{H(s)&&e(E)}),M(n),M(t),V((e,t,n,r,i,a,o,s)=>{K(c,e),K(u,t),K(m,n),K(g,r),K(v,i),K(b,a),K(S,o),K(C,s)},[()=>$(`reports.key`),()=>$(`reports.count`),()=>$(`reports.revenue`),()=>$(`reports.cost`),()=>$(`reports.profit`),()=>$(`reports.refunded`),()=>$(`reports.net`),()=>$(`reports.chart`)]),G(e,t)};q(re,e=>{H(o).length&&e(ie)});var ae=B(re,2),oe=e=>{var t=Ud(),n=R(t),r=z(n,!0),i=B(n,2);J(i,21,()=>H(c).buckets,e=>e.label,(e,t)=>{var n=Hd(),r=L(n),i=z(r,!0),a=z(B(r));M(n),V((e,n)=>{K(i,e),K(a,`${H(t).label??``} ${n??``} · ${H(t).count??``}`)},[()=>Ks(H(t).amount),()=>$(`reports.days`)]),G(e,n)}),M(i);var a=z(B(i,2));V((e,t,n)=>{K(r,e),K(a,`${t??``}: ${n??``}`)},[()=>$(`reports.aging`),()=>$(`reports.total`),()=>Ks(H(c).total)]),G(e,t)};q(ae,e=>{H(c)&&e(oe)}),V((e,t,n,a,o)=>{K(g,e),K(b,t),K(w,n),K(ee,a),Y(k,`href`,H(f)),Y(k,`download`,`finance-${H(r)??``}-${H(i)??``}.csv`),K(te,o)},[()=>$(`nav.reports`),()=>$(`reports.from`),()=>$(`reports.to`),()=>$(`reports.group`),()=>$(`reports.csv`)]),Ra(x,()=>H(r),e=>F(r,e)),Ra(T,()=>H(i),e=>F(i,e)),Ta(O,()=>H(a),e=>F(a,e)),G(e,m),Ze()}var Kd=W(`<button role="tab"> </button>`),qd=W(`<p class="error" role="alert"> </p>`),Jd=W(`<p class="muted"> </p>`),Yd=W(`<p class="error"> </p>`),Xd=W(`<img width="240" height="240"/>`),Zd=W(`<section class="card"><div class="row spread"><h2> <span class="muted"> </span></h2> <!></div> <!> <p class="muted"> </p> <div class="row"><button> </button> <button> </button> <button> </button></div> <!></section>`),Qd=W(`<!> <!>`,1),$d=W(`<tr><td> </td><td> </td><td> </td><td><button class="link"> </button></td></tr>`),ef=W(`<code> </code>`),tf=W(`<pre> </pre>`),nf=W(`<li class="row spread"><span> </span> <button class="link"> </button></li>`),rf=W(`<section class="card"><h2> </h2> <label><span> </span><textarea name="body"></textarea></label> <p class="muted"> <!></p> <h3> </h3> <!> <button class="primary"> </button> <h3> </h3> <ul class="feed"></ul></section>`),af=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th>v</th><th></th></tr></thead><tbody></tbody></table></div> <!>`,1),of=W(`<span class="field-error"> </span>`),sf=W(`<p role="status"> </p>`),cf=W(`<br/><span class="error"> </span>`,1),lf=W(`<button class="link"> </button>`),uf=W(`<tr><td> </td><td class="mono"> </td><td> </td><td><!><!></td><td><!></td></tr>`),df=W(`<form class="card" novalidate=""><div class="form-grid"><label><span> </span><input name="wa-phone" inputmode="tel"/> <!></label> <label><span> </span><input name="wa-text"/></label></div> <div class="row"><button type="submit"> </button> <button type="button"> </button> <button type="button"> </button></div> <!></form> <!> <div class="table"><table aria-live="polite"><tbody></tbody></table></div>`,1),ff=W(`<h1> </h1> <div class="tabs" role="tablist"></div> <!> <!> <!>`,1);function pf(e,t){Xe(t,!0);let n=P(`senders`),r=P(null),i=P(null),a=P(I([])),o=I({}),s=P(null),c=P(null),l=P(``),u=P(null),d=P(I([])),f=P(I([])),p=P(!0),m=P(``),g=P(``),_=P(null),v=N(()=>/^(\+?62|0)8\d{7,12}$/.test(H(m).replace(/[\s-]/g,``)));async function y(e){H(v)&&(await x(()=>X(_s,{phone:H(m).trim(),optedOut:e})),H(i)||F(_,$(e?`wa.optedOut`:`wa.optedIn`),!0))}async function b(){try{let[e,t,n]=await Promise.all([X(ns),X(os),X(ds,{})]);F(a,e.whatsappSenders,!0),F(s,t,!0),F(f,n.whatsappMessages,!0)}catch(e){F(r,e,!0)}finally{F(p,!1)}}Yn(()=>{b();let e=null;return Eo(fs,()=>({afterPosition:e}),t=>{let n=t.messagesChanged;e=Math.max(e??0,n.position),F(f,[n,...H(f).filter(e=>e.id!==n.id)].slice(0,100),!0)})}),Yn(()=>{let e=H(c)?.body;if(e==null)return;let t=setTimeout(()=>{X(cs,{body:e}).then(e=>{F(l,e.previewTemplate,!0),F(u,null)}).catch(e=>F(u,lc(e),!0))},300);return()=>clearTimeout(t)});async function x(e){F(i,null);try{await e(),await b()}catch(e){F(i,lc(e),!0)}}async function S(e,t,n){F(c,{category:e,language:t,body:n},!0),F(d,(await X(ss,{category:e,language:t})).messageTemplateVersions,!0)}var C=ff(),w=R(C),T=z(w,!0),E=B(w,2);J(E,20,()=>[[`senders`,`wa.senders`],[`templates`,`wa.templates`],[`messages`,`wa.messages`]],([e,t])=>e,(e,t)=>{var r=N(()=>h(t,2));let i=()=>H(r)[0],a=()=>H(r)[1];var o=Kd(),s=z(o,!0);V(e=>{Y(o,`aria-selected`,H(n)===i()),K(s,e)},[()=>$(a())]),U(`click`,o,()=>F(n,i(),!0)),G(e,o)}),M(E);var D=B(E,2);pc(D,{get loading(){return H(p)},get error(){return H(r)}});var ee=B(D,2),O=e=>{var t=qd(),n=z(t,!0);V(()=>K(n,H(i))),G(e,t)};q(ee,e=>{H(i)&&e(O)});var k=B(ee,2),te=e=>{var t=Qd(),n=R(t),r=e=>{var t=Jd(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(n,e=>{!H(p)&&H(a).length===0&&e(r)}),J(B(n,2),17,()=>H(a),e=>e.id,(e,t)=>{var n=Zd(),r=L(n),a=L(r),s=L(a),c=z(B(s));M(a);var l=B(a,2),u=e=>{{let t=N(()=>$(`health.online`));hc(e,{get text(){return H(t)},tone:`good`})}},d=e=>{{let t=N(()=>$(`health.offline`));hc(e,{get text(){return H(t)},tone:`bad`})}},f=e=>{{let t=N(()=>$(`health.unknown`));hc(e,{get text(){return H(t)}})}};q(l,e=>{H(t).healthOk===!0?e(u):H(t).healthOk===!1?e(d,1):e(f,-1)}),M(r);var p=B(r,2),m=e=>{var n=Yd(),r=z(n,!0);V(()=>K(r,H(t).healthError)),G(e,n)};q(p,e=>{H(t).healthError&&e(m)});var h=B(p,2),g=z(h,!0),_=B(h,2),v=L(_),y=z(v,!0),b=B(v,2),S=z(b,!0),C=B(b,2),w=z(C,!0);M(_);var T=B(_,2),E=e=>{var n=Xd();V(e=>{Y(n,`src`,o[H(t).id]),Y(n,`alt`,e)},[()=>$(`wa.qr`)]),G(e,n)},D=e=>{var t=Jd(),n=z(t,!0);V(e=>K(n,e),[()=>$(`wa.noQr`)]),G(e,t)};q(T,e=>{o[H(t).id]?e(E):H(t).id in o&&e(D,1)}),M(n),V((e,n,r,i,a)=>{K(s,`${H(t).name??``} `),K(c,`(${H(t).provider??``} · ${e??``} ${H(t).priority??``})`),K(g,n),K(y,r),K(S,i),K(w,a)},[()=>$(`wa.priority`),()=>Ys(H(t).healthCheckedAt,ac.lang),()=>$(`wa.check`),()=>$(`wa.qr`),()=>H(t).active?$(`common.deactivate`):$(`common.activate`)]),U(`click`,v,()=>x(()=>X(as,{id:H(t).id}))),U(`click`,b,async()=>{try{o[H(t).id]=(await X(rs,{id:H(t).id})).whatsappSenderQr}catch(e){F(i,lc(e),!0)}}),U(`click`,C,()=>x(()=>X(is,{id:H(t).id,active:!H(t).active}))),G(e,n)}),G(e,t)},ne=e=>{var t=Ki(),n=R(t),r=e=>{var t=af(),n=R(t),r=L(n),i=L(r),a=L(i),o=L(a),f=z(o,!0),p=z(B(o),!0);Se(2),M(a),M(i);var m=B(i);J(m,21,()=>H(s).messageTemplates,e=>e.id,(e,t)=>{var n=$d(),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),s=B(a),c=z(s,!0),l=B(s),u=L(l),d=z(u,!0);M(l),M(n),V(e=>{K(i,H(t).category),K(o,H(t).language),K(c,H(t).version),K(d,e)},[()=>$(`common.edit`)]),U(`click`,u,()=>S(H(t).category,H(t).language,H(t).body)),G(e,n)}),M(m),M(r),M(n);var h=B(n,2),g=e=>{var t=rf(),n=L(t),r=z(n),i=B(n,2),a=L(i),o=z(a,!0),f=B(a);gr(f),M(i);var p=B(i,2),m=L(p);J(B(m),17,()=>H(s).templateVariables,e=>e.name,(e,t)=>{var n=ef(),r=z(n,!0);V(()=>{Y(n,`title`,H(t).description),K(r,`{{${H(t).name}}}`)}),G(e,n)}),M(p);var h=B(p,2),g=z(h,!0),_=B(h,2),v=e=>{var t=Yd(),n=z(t,!0);V(()=>K(n,H(u))),G(e,t)},y=e=>{var t=tf(),n=z(t,!0);V(()=>K(n,H(l))),G(e,t)};q(_,e=>{H(u)?e(v):e(y,-1)});var b=B(_,2),S=z(b,!0),C=B(b,2),w=z(C,!0),T=B(C,2);J(T,21,()=>H(d),e=>e.version,(e,t)=>{var n=nf(),r=L(n),i=z(r),a=B(r,2),o=z(a,!0);M(n),V((e,n)=>{K(i,`v${H(t).version??``} · ${e??``}`),K(o,n)},[()=>Ys(H(t).savedAt,ac.lang),()=>$(`wa.rollback`)]),U(`click`,a,()=>H(c)&&x(()=>X(us,{category:H(c).category,language:H(c).language,version:H(t).version}))),G(e,n)}),M(T),M(t),V((e,t,n,i,a)=>{K(r,`${H(c).category??``} · ${H(c).language??``}`),K(o,e),K(m,`${t??``}: `),K(g,n),K(S,i),K(w,a)},[()=>$(`wa.body`),()=>$(`wa.variables`),()=>$(`wa.preview`),()=>$(`common.save`),()=>$(`wa.versions`)]),Ra(f,()=>H(c).body,e=>H(c).body=e),U(`click`,b,()=>H(c)&&x(()=>X(ls,{category:H(c).category,language:H(c).language,body:H(c).body}))),G(e,t)};q(h,e=>{H(c)&&e(g)}),V((e,t)=>{K(f,e),K(p,t)},[()=>$(`wa.category`),()=>$(`nav.language`)]),G(e,t)};q(n,e=>{H(s)&&e(r)}),G(e,t)},re=e=>{var t=df(),n=R(t),r=L(n),i=L(r),a=L(i),o=z(a,!0),s=B(a);Ma(s);var c=B(s,2),l=e=>{var t=of(),n=z(t,!0);V(e=>K(n,e),[()=>$(`form.invalidPhone`)]),G(e,t)};q(c,e=>{H(m)!==``&&!H(v)&&e(l)}),M(i);var u=B(i,2),d=L(u),p=z(d,!0),h=B(d);Ma(h),M(u),M(r);var b=B(r,2),S=L(b),C=z(S,!0),w=B(S,2),T=z(w,!0),E=B(w,2),D=z(E,!0);M(b);var ee=B(b,2),O=e=>{var t=sf(),n=z(t,!0);V(()=>K(n,H(_))),G(e,t)};q(ee,e=>{H(_)&&e(O)}),M(n);var k=B(n,2),te=e=>{var t=Jd(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)};q(k,e=>{H(f).length===0&&e(te)});var ne=B(k,2),re=L(ne),ie=L(re);J(ie,21,()=>H(f),e=>e.id,(e,t)=>{var n=uf(),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),s=B(a),c=z(s,!0),l=B(s),u=L(l);{let e=N(()=>H(t).status===`FAILED`?`bad`:H(t).status===`QUEUED`?`warn`:`good`);hc(u,{get text(){return H(t).status},get tone(){return H(e)}})}var d=B(u),f=e=>{var n=cf(),r=z(B(R(n)),!0);V(()=>K(r,H(t).lastError)),G(e,n)};q(d,e=>{H(t).lastError&&e(f)}),M(l);var p=B(l),m=L(p),h=e=>{var n=lf(),r=z(n,!0);V(e=>K(r,e),[()=>$(`common.retry`)]),U(`click`,n,()=>x(()=>X(ps,{id:H(t).id}))),G(e,n)};q(m,e=>{(H(t).status===`FAILED`||H(t).status===`CANCELLED`)&&e(h)}),M(p),M(n),V(e=>{K(i,e),K(o,H(t).to),K(c,H(t).category)},[()=>Ys(H(t).queuedAt,ac.lang)]),G(e,n)}),M(ie),M(re),M(ne),V((e,t,n,r,i)=>{K(o,e),Y(s,`aria-invalid`,H(m)!==``&&!H(v)),K(p,t),S.disabled=!H(v),K(C,n),w.disabled=!H(v),K(T,r),E.disabled=!H(v),K(D,i)},[()=>$(`customers.phone`),()=>$(`wa.testText`),()=>$(`wa.sendTest`),()=>$(`wa.optOut`),()=>$(`wa.optIn`)]),Pi(`submit`,n,e=>{e.preventDefault(),H(v)&&x(()=>X(vs,{to:H(m).trim(),text:H(g).trim()||void 0}))}),Ra(s,()=>H(m),e=>F(m,e)),Ra(h,()=>H(g),e=>F(g,e)),U(`click`,w,()=>y(!0)),U(`click`,E,()=>y(!1)),G(e,t)};q(k,e=>{H(n)===`senders`?e(te):H(n)===`templates`?e(ne,1):e(re,-1)}),V(e=>K(T,e),[()=>$(`nav.whatsapp`)]),G(e,C),Ze()}Fi([`click`]);var mf=W(`<p class="error" role="alert"> </p>`),hf=W(`<p role="status"> </p>`),gf=W(`<label class="card"><span> </span><input type="file" accept=".zip"/></label> <!>`,1),_f=W(`<p class="muted"> </p>`),vf=W(`<label><span> </span><input autocomplete="off"/></label>`),yf=W(`<button type="submit"> </button>`),bf=W(`<form><div class="form-grid"></div> <div class="row"><!> <button type="button"> </button></div></form>`),xf=W(`<section class="card"><div class="row spread"><h2> <span class="muted"> </span></h2> <span class="row"><!> <!> <!></span></div> <!> <!></section>`),Sf=W(`<h1> </h1> <!> <!> <!> <!>`,1);function Cf(e,t){Xe(t,!0);let n=P(I([])),r=P(!0),i=P(null),a=P(null),o=P(I({})),s=P(null);async function c(){try{F(n,(await X(ms)).plugins,!0),F(o,Object.fromEntries(H(n).map(e=>[e.name,Object.fromEntries(e.settings.map(e=>[e.key,e.secret?``:e.value]))])),!0)}catch(e){F(i,e,!0)}finally{F(r,!1)}}Yn(()=>{c()});async function l(e){F(a,null);try{await e(),await c()}catch(e){F(a,lc(e),!0)}}async function u(e){let t=e.currentTarget.files?.[0];if(!t)return;let n=await fetch(`/plugins`,{method:`POST`,headers:{authorization:`Bearer ${uo.token}`},body:t});F(s,n.ok?$(`plugins.uploaded`):`${$(`error.REJECTED`)} (HTTP ${n.status})`,!0),await c()}var d=Sf(),f=R(d),p=z(f,!0),m=B(f,2);{let e=N(()=>!H(r)&&H(n).length===0);pc(m,{get loading(){return H(r)},get error(){return H(i)},get empty(){return H(e)}})}var h=B(m,2),g=e=>{var t=mf(),n=z(t,!0);V(()=>K(n,H(a))),G(e,t)};q(h,e=>{H(a)&&e(g)});var _=B(h,2),v=e=>{var t=gf(),n=R(t),r=L(n),i=z(r,!0),a=B(r);M(n);var o=B(n,2),c=e=>{var t=hf(),n=z(t,!0);V(()=>K(n,H(s))),G(e,t)};q(o,e=>{H(s)&&e(c)}),V(e=>K(i,e),[()=>$(`plugins.upload`)]),U(`change`,a,u),G(e,t)},y=N(()=>go(`super_admin`));q(_,e=>{H(y)&&e(v)}),J(B(_,2),17,()=>H(n),e=>e.name,(e,t)=>{var n=xf(),r=L(n),i=L(r),a=L(i),s=z(B(a));M(i);var c=B(i,2),u=L(c),d=e=>{{let t=N(()=>$(`common.active`));hc(e,{get text(){return H(t)},tone:`good`})}},f=e=>{{let t=N(()=>$(`common.inactive`));hc(e,{get text(){return H(t)}})}};q(u,e=>{H(t).active?e(d):e(f,-1)});var p=B(u,2),m=e=>{hc(e,{get text(){return H(t).failing},tone:`bad`})};q(p,e=>{H(t).failing&&e(m)});var h=B(p,2),g=e=>{{let t=N(()=>$(`plugins.needsSettings`));hc(e,{get text(){return H(t)},tone:`warn`})}};q(h,e=>{H(t).settingsValid||e(g)}),M(c),M(r);var _=B(r,2),v=e=>{var n=_f(),r=z(n,!0);V(()=>K(r,H(t).description)),G(e,n)};q(_,e=>{H(t).description&&e(v)});var y=B(_,2),b=e=>{var n=bf(),r=L(n);J(r,21,()=>H(t).settings,e=>e.key,(e,n)=>{var r=vf(),i=L(r),a=z(i,!0),s=B(i);Ma(s),M(r),V(e=>{K(a,H(n).key),Y(s,`type`,H(n).secret?`password`:`text`),Y(s,`placeholder`,e)},[()=>H(n).secret?$(`plugins.secretKeep`):``]),Ra(s,()=>H(o)[H(t).name][H(n).key],e=>H(o)[H(t).name][H(n).key]=e),G(e,r)}),M(r);var i=B(r,2),a=L(i),s=e=>{var t=yf(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.save`)]),G(e,t)};q(a,e=>{H(t).settings.length&&e(s)});var c=B(a,2),u=z(c,!0);M(i),M(n),V(e=>K(u,e),[()=>H(t).active?$(`common.deactivate`):$(`common.activate`)]),Pi(`submit`,n,e=>{e.preventDefault(),l(()=>X(gs,{name:H(t).name,settings:Object.entries(H(o)[H(t).name]??{}).filter(([e,n])=>n!==``||!H(t).settings.find(t=>t.key===e)?.secret).map(([e,t])=>({key:e,value:t}))}))}),U(`click`,c,()=>l(()=>X(hs,{name:H(t).name,active:!H(t).active}))),G(e,n)},x=N(()=>go(`super_admin`));q(y,e=>{H(x)&&e(b)}),M(n),V(()=>{K(a,`${H(t).name??``} `),K(s,`${H(t).version??``??``} · ${H(t).source??``}`)}),G(e,n)}),V(e=>K(p,e),[()=>$(`nav.plugins`)]),G(e,d),Ze()}Fi([`change`,`click`]);var wf=W(`<option> </option>`),Tf=W(`<select></select>`),Ef=W(`<button class="link"> </button>`),Df=W(`<tr><td> <!></td><td><!></td><td> </td><td><!></td></tr>`),Of=W(`<div class="table"><table><thead><tr><th> </th><th> </th><th> </th><th></th></tr></thead><tbody></tbody></table></div>`),kf=W(`<span class="field-error"> </span>`),Af=W(`<p class="error" role="alert"> </p>`),jf=W(`<h1> </h1> <!> <!> <form class="card" novalidate=""><h2> </h2> <div class="form-grid"><label><span> </span><input name="new-username" autocomplete="off"/> <!></label> <label><span> </span><input name="new-password" type="password" autocomplete="new-password"/> <!></label> <label><span> </span> <select name="new-role"></select></label></div> <!> <button class="primary" type="submit"> </button></form>`,1);function Mf(e,t){Xe(t,!0);let n=P(I([])),r=P(!0),i=P(null),a=P(I({username:``,password:``,role:`OPERATOR`})),o=P(!1),s=P(null);async function c(){try{F(n,(await X(No)).admins,!0)}catch(e){F(i,e,!0)}finally{F(r,!1)}}Yn(()=>{c()});let l=N(()=>({username:/^[a-z0-9._-]{3,64}$/i.test(H(a).username.trim())?null:`form.invalidUsername`,password:H(a).password.length>=8?null:`form.passwordShort`}));async function u(e){if(e.preventDefault(),F(o,!0),!(H(l).username||H(l).password)){F(s,null);try{await X(Po,{input:{username:H(a).username.trim(),password:H(a).password,role:H(a).role}}),F(a,{username:``,password:``,role:`OPERATOR`},!0),F(o,!1),await c()}catch(e){F(s,lc(e),!0)}}}async function d(e){try{await e(),await c()}catch(e){F(s,lc(e),!0)}}var f=jf(),p=R(f),m=z(p,!0),h=B(p,2);pc(h,{get loading(){return H(r)},get error(){return H(i)}});var g=B(h,2),_=e=>{var t=Of(),r=L(t),i=L(r),a=L(i),o=L(a),s=z(o,!0),c=B(o),l=z(c,!0),u=z(B(c),!0);Se(),M(a),M(i);var f=B(i);J(f,21,()=>H(n),e=>e.id,(e,t)=>{var n=Df(),r=L(n),i=L(r),a=B(i),o=e=>{{let t=N(()=>$(`common.inactive`));hc(e,{get text(){return H(t)}})}};q(a,e=>{H(t).active||e(o)}),M(r);var s=B(r),c=L(s),l=e=>{var n=Gi();V(e=>K(n,e),[()=>$(`role.${H(t).role}`)]),G(e,n)},u=e=>{var n=Tf();J(n,20,()=>[`OPERATOR`,`ADMIN`,`SUPER_ADMIN`],e=>e,(e,t)=>{var n=wf(),r=z(n,!0),i={};V(e=>{K(r,e),i!==(i=t)&&(n.value=(n.__value=i)??``)},[()=>$(`role.${t.toLowerCase()}`)]),G(e,n)}),M(n);var r;wa(n),V((e,t)=>{Y(n,`aria-label`,e),r!==(r=t)&&(n.value=(n.__value=r)??``,Ca(n,r))},[()=>$(`admins.role`),()=>H(t).role.toUpperCase()]),U(`change`,n,e=>d(()=>X(Io,{id:H(t).id,role:e.currentTarget.value}))),G(e,n)};q(c,e=>{H(t).id===uo.admin?.id?e(l):e(u,-1)}),M(s);var f=B(s),p=z(f,!0),m=B(f),h=L(m),g=e=>{var n=Ef(),r=z(n,!0);V(e=>K(r,e),[()=>H(t).active?$(`common.deactivate`):$(`common.activate`)]),U(`click`,n,()=>d(()=>X(Fo,{id:H(t).id,active:!H(t).active}))),G(e,n)};q(h,e=>{H(t).id!==uo.admin?.id&&e(g)}),M(m),M(n),V(e=>{K(i,`${H(t).username??``} `),K(p,e)},[()=>Ys(H(t).lastLoginAt,ac.lang)]),G(e,n)}),M(f),M(r),M(t),V((e,t,n)=>{K(s,e),K(l,t),K(u,n)},[()=>$(`login.username`),()=>$(`admins.role`),()=>$(`admins.lastLogin`)]),G(e,t)};q(g,e=>{H(n).length&&e(_)});var v=B(g,2),y=L(v),b=z(y,!0),x=B(y,2),S=L(x),C=L(S),w=z(C,!0),T=B(C);Ma(T);var E=B(T,2),D=e=>{var t=kf(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(l).username)]),G(e,t)};q(E,e=>{H(o)&&H(l).username&&e(D)}),M(S);var ee=B(S,2),O=L(ee),k=z(O,!0),te=B(O);Ma(te);var ne=B(te,2),re=e=>{var t=kf(),n=z(t,!0);V(e=>K(n,e),[()=>$(H(l).password)]),G(e,t)};q(ne,e=>{H(o)&&H(l).password&&e(re)}),M(ee);var ie=B(ee,2),ae=L(ie),oe=z(ae,!0),se=B(ae,2);J(se,20,()=>[`OPERATOR`,`ADMIN`,`SUPER_ADMIN`],e=>e,(e,t)=>{var n=wf(),r=z(n,!0),i={};V(e=>{K(r,e),i!==(i=t)&&(n.value=(n.__value=i)??``)},[()=>$(`role.${t.toLowerCase()}`)]),G(e,n)}),M(se),wa(se),M(ie),M(x);var ce=B(x,2),le=e=>{var t=Af(),n=z(t,!0);V(()=>K(n,H(s))),G(e,t)};q(ce,e=>{H(s)&&e(le)});var ue=z(B(ce,2),!0);M(v),V((e,t,n,r,i,a)=>{K(m,e),K(b,t),K(w,n),Y(T,`aria-invalid`,H(o)&&!!H(l).username),K(k,r),Y(te,`aria-invalid`,H(o)&&!!H(l).password),K(oe,i),K(ue,a)},[()=>$(`nav.admins`),()=>$(`admins.new`),()=>$(`login.username`),()=>$(`login.password`),()=>$(`admins.role`),()=>$(`common.save`)]),Pi(`submit`,v,u),Ra(T,()=>H(a).username,e=>H(a).username=e),Ra(te,()=>H(a).password,e=>H(a).password=e),Ta(se,()=>H(a).role,e=>H(a).role=e),G(e,f),Ze()}Fi([`change`,`click`]);var Nf=W(`<p role="status"> </p>`),Pf=W(`<button> </button>`),Ff=W(`<span class="muted"> </span>`),If=W(`<li><!> <!></li>`),Lf=W(`<li class="muted"> </li>`),Rf=W(`<section class="card"><div class="row spread"><h2> </h2> <!></div> <ul class="feed"></ul></section>`),zf=W(`<p class="ok"> </p>`),Bf=W(`<div class="card row spread"><span> <span class="error"> </span></span> <!></div>`),Vf=W(`<tr><td> </td><td class="num"> </td><td><!></td><td class="error"> </td></tr>`),Hf=W(`<h1> </h1> <!> <!> <!> <h2> </h2> <!> <!> <h2> </h2> <div class="table"><table><tbody></tbody></table></div>`,1);function Uf(e,t){Xe(t,!0);let n=[`voucher_expiry`,`router_health`,`session_poll`,`router_sync`],r=P(I([])),i=P(I([])),a=P(I([])),o=P(!0),s=P(null),c=P(null);async function l(){try{let[e,t,n]=await Promise.all([X(js),X(Ns,{status:`dead`}),X(Fs)]);F(r,e.jobs,!0),F(i,t.outbox,!0),F(a,n.projections,!0)}catch(e){F(s,e,!0)}finally{F(o,!1)}}Yn(()=>{l()});let u=N(()=>[...new Set([...n,...H(r).map(e=>e.job)])]);async function d(e){try{F(c,await e(),!0),await l()}catch(e){F(c,lc(e),!0)}}var f=Hf(),p=R(f),m=z(p,!0),h=B(p,2);pc(h,{get loading(){return H(o)},get error(){return H(s)}});var g=B(h,2),_=e=>{var t=Nf(),n=z(t,!0);V(()=>K(n,H(c))),G(e,t)};q(g,e=>{H(c)&&e(_)});var v=B(g,2);J(v,16,()=>H(u),e=>e,(e,t)=>{var n=Rf(),i=L(n),a=L(i),o=z(a,!0),s=B(a,2),c=e=>{var n=Pf(),r=z(n,!0);V(e=>K(r,e),[()=>$(`jobs.runNow`)]),U(`click`,n,()=>d(async()=>{let e=(await X(Ms,{name:t})).runJob;return e?`${e.job}: ${e.outcome} ${e.detail??``}`:$(`jobs.busy`)})),G(e,n)},l=N(()=>go(`super_admin`));q(s,e=>{H(l)&&e(c)}),M(i);var u=B(i,2);J(u,21,()=>H(r).filter(e=>e.job===t),e=>e.id,(e,t)=>{var n=If(),r=L(n);{let e=N(()=>H(t).outcome===`OK`?`good`:H(t).outcome===`FAILED`?`bad`:`warn`);hc(r,{get text(){return H(t).outcome},get tone(){return H(e)}})}var i=B(r),a=B(i),o=e=>{var n=Ff(),r=z(n);V(()=>K(r,`· ${H(t).detail??``}`)),G(e,n)};q(a,e=>{H(t).detail&&e(o)}),M(n),V(e=>K(i,` ${e??``} · ${H(t).instance??``} `),[()=>Ys(H(t).startedAt,ac.lang)]),G(e,n)},e=>{var t=Lf(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)}),M(u),M(n),V(()=>K(o,t)),G(e,n)});var y=B(v,2),b=z(y,!0),x=B(y,2),S=e=>{var t=zf(),n=z(t,!0);V(e=>K(n,e),[()=>$(`overview.allGood`)]),G(e,t)};q(x,e=>{H(i).length===0&&e(S)});var C=B(x,2);J(C,17,()=>H(i),e=>e.id,(e,t)=>{var n=Bf(),r=L(n),i=L(r),a=z(B(i),!0);M(r);var o=B(r,2),s=e=>{var n=Pf(),r=z(n,!0);V(e=>K(r,e),[()=>$(`common.retry`)]),U(`click`,n,()=>d(async()=>(await X(Ps,{id:H(t).id})).retryOutboxEntry?$(`jobs.retried`):null)),G(e,n)},c=N(()=>go(`super_admin`));q(o,e=>{H(c)&&e(s)}),M(n),V(()=>{K(i,`#${H(t).id??``} · ${H(t).kind??``} · ${H(t).attempts??``}× · `),K(a,H(t).lastError??``)}),G(e,n)});var w=B(C,2),T=z(w,!0),E=B(w,2),D=L(E),ee=L(D);J(ee,21,()=>H(a),e=>e.name,(e,t)=>{var n=Vf(),r=L(n),i=z(r,!0),a=B(r),o=z(a,!0),s=B(a),c=L(s);{let e=N(()=>H(t).status===`live`?`good`:`bad`);hc(c,{get text(){return H(t).status},get tone(){return H(e)}})}M(s);var l=z(B(s),!0);M(n),V(()=>{K(i,H(t).name),K(o,H(t).position),K(l,H(t).lastError??``)}),G(e,n)}),M(ee),M(D),M(E),V((e,t,n)=>{K(m,e),K(b,t),K(T,n)},[()=>$(`nav.jobs`),()=>$(`jobs.outbox`),()=>$(`jobs.projections`)]),G(e,f),Ze()}Fi([`click`]);var Wf=W(`<option> </option>`),Gf=W(`<p class="error" role="alert"> </p>`),Kf=W(`<li> </li>`),qf=W(`<li class="muted"> </li>`),Jf=W(`<ul class="feed"></ul>`),Yf=W(`<h3> </h3><pre> </pre>`,1),Xf=W(`<li><span class="mono"> </span> <strong> </strong> <span class="mono muted"> </span> </li>`),Zf=W(`<h1> </h1> <form class="card"><h2> </h2> <div class="form-grid"><label><span> </span> <select name="aggregate-type"></select></label> <label><span>ID</span><input name="aggregate-id" class="mono"/></label> <label><span> </span><input name="at" type="datetime-local"/></label></div> <button type="submit"> </button> <!> <!> <!></form> <label class="row"><span> </span> <select name="filter"><option> </option><!></select></label> <!> <ul class="feed" aria-live="polite"></ul>`,1);function Qf(e,t){Xe(t,!0);let n=P(I([])),r=P(``),i=P(!0),a=P(null),o=I({type:`Voucher`,id:``,at:``}),s=P(null),c=P(void 0),l=P(null);Yn(()=>{let e=null;return X(Do,{first:100}).then(async t=>{let r=t.eventLog,i=r;for(;r.length===100&&i.length<5e3;)r=(await X(Do,{first:100,afterPosition:r[r.length-1].position})).eventLog,i=[...i,...r].slice(-100);F(n,i.reverse(),!0),e=H(n)[0]?.position??null}).catch(e=>F(a,e,!0)).finally(()=>F(i,!1)),Eo(Ao,()=>({afterPosition:e}),t=>{e!==null&&t.events.position<=e||(e=t.events.position,F(n,[t.events,...H(n)].slice(0,200),!0))})});let u=N(()=>H(r)?H(n).filter(e=>e.aggregateType===H(r)):H(n)),d=N(()=>[...new Set(H(n).map(e=>e.aggregateType))].sort());async function f(e){if(e.preventDefault(),F(l,null),o.id.trim())try{F(s,(await X(Oo,{aggregateType:o.type,aggregateId:o.id.trim()})).history,!0),F(c,o.at?(await X(ko,{aggregateType:o.type,aggregateId:o.id.trim(),at:new Date(o.at).toISOString()})).stateAt:void 0,!0)}catch(e){F(l,lc(e),!0)}}var p=Zf(),m=R(p),h=z(m,!0),g=B(m,2),_=L(g),v=z(_,!0),y=B(_,2),b=L(y),x=L(b),S=z(x,!0),C=B(x,2);J(C,20,()=>[`Voucher`,`Customer`,`Subscription`,`Payment`,`Invoice`,`Location`,`VoucherBatch`,`AdminUser`],e=>e,(e,t)=>{var n=Wf(),r=z(n,!0),i={};V(()=>{K(r,t),i!==(i=t)&&(n.__value=i)}),G(e,n)}),M(C),wa(C),M(b);var w=B(b,2),T=B(L(w));Ma(T),M(w);var E=B(w,2),D=L(E),ee=z(D,!0),O=B(D);Ma(O),M(E),M(y);var k=B(y,2),te=z(k,!0),ne=B(k,2),re=e=>{var t=Gf(),n=z(t,!0);V(()=>K(n,H(l))),G(e,t)};q(ne,e=>{H(l)&&e(re)});var ie=B(ne,2),ae=e=>{var t=Jf();J(t,21,()=>H(s),e=>e.position,(e,t)=>{var n=Kf(),r=z(n);V(e=>K(r,`#${H(t).sequence??``} ${H(t).eventType??``} · ${e??``} · ${H(t).actor??`–`??``}`),[()=>Ys(H(t).recordedAt,ac.lang)]),G(e,n)},e=>{var t=qf(),n=z(t,!0);V(e=>K(n,e),[()=>$(`common.empty`)]),G(e,t)}),M(t),G(e,t)};q(ie,e=>{H(s)&&e(ae)});var oe=B(ie,2),se=e=>{var t=Yf(),n=R(t),r=z(n,!0),i=z(B(n),!0);V((e,t)=>{K(r,e),K(i,t)},[()=>$(`events.stateAt`),()=>JSON.stringify(H(c),null,2)]),G(e,t)};q(oe,e=>{H(c)!==void 0&&e(se)}),M(g);var ce=B(g,2),le=L(ce),ue=z(le,!0),de=B(le,2),fe=L(de),pe=z(fe,!0);fe.value=fe.__value=``,J(B(fe),16,()=>H(d),e=>e,(e,t)=>{var n=Wf(),r=z(n,!0),i={};V(()=>{K(r,t),i!==(i=t)&&(n.__value=i)}),G(e,n)}),M(de),wa(de),M(ce);var me=B(ce,2);{let e=N(()=>!H(i)&&H(u).length===0);pc(me,{get loading(){return H(i)},get error(){return H(a)},get empty(){return H(e)}})}var he=B(me,2);J(he,21,()=>H(u),e=>e.position,(e,t)=>{var n=Xf(),r=L(n),i=z(r),a=B(r,2),o=z(a,!0),s=B(a),c=B(s),l=z(c,!0),u=B(c);M(n),V((e,n)=>{K(i,`#${H(t).position??``}`),K(o,H(t).eventType),K(s,` · ${H(t).aggregateType??``} `),K(l,e),K(u,` · ${n??``} · ${H(t).actor??`–`??``}`)},[()=>H(t).aggregateId.slice(0,12),()=>Ys(H(t).recordedAt,ac.lang)]),G(e,n)}),M(he),V((e,t,n,r,i,a,o)=>{K(h,e),K(v,t),K(S,n),K(ee,r),K(te,i),K(ue,a),K(pe,o)},[()=>$(`nav.events`),()=>$(`events.history`),()=>$(`events.type`),()=>$(`events.at`),()=>$(`common.search`),()=>$(`events.type`),()=>$(`common.all`)]),Pi(`submit`,g,f),Ta(C,()=>o.type,e=>o.type=e),Ra(T,()=>o.id,e=>o.id=e),Ra(O,()=>o.at,e=>o.at=e),Ta(de,()=>H(r),e=>F(r,e)),G(e,p),Ze()}var $f=[{path:`/`,page:Fc,role:`operator`,menu:`nav.overview`,group:`nav.g.main`},{path:`/locations`,page:Vc,role:`operator`,menu:`nav.locations`,group:`nav.g.network`},{path:`/locations/new`,page:tl,role:`super_admin`},{path:`/locations/:id`,page:Sl,role:`operator`},{path:`/profiles`,page:zl,role:`operator`,menu:`nav.profiles`,group:`nav.g.network`},{path:`/vouchers`,page:Ql,role:`operator`,menu:`nav.vouchers`,group:`nav.g.vouchers`},{path:`/vouchers/generate`,page:uu,role:`operator`,menu:`nav.generate`,group:`nav.g.vouchers`},{path:`/batches`,page:mu,role:`operator`,menu:`nav.batches`,group:`nav.g.vouchers`},{path:`/print/:location/:batch`,page:qu,role:`operator`},{path:`/customers`,page:ed,role:`operator`,menu:`nav.customers`,group:`nav.g.billing`},{path:`/customers/:id`,page:fd,role:`operator`},{path:`/subscriptions`,page:_d,role:`operator`,menu:`nav.subscriptions`,group:`nav.g.billing`},{path:`/invoices`,page:Sd,role:`operator`,menu:`nav.invoices`,group:`nav.g.billing`},{path:`/payments`,page:Md,role:`operator`,menu:`nav.payments`,group:`nav.g.billing`},{path:`/reports`,page:Gd,role:`admin`,menu:`nav.reports`,group:`nav.g.billing`},{path:`/whatsapp`,page:pf,role:`admin`,menu:`nav.whatsapp`,group:`nav.g.system`},{path:`/settings/plugins`,page:Cf,role:`admin`,menu:`nav.plugins`,group:`nav.g.system`},{path:`/jobs`,page:Uf,role:`admin`,menu:`nav.jobs`,group:`nav.g.system`},{path:`/events`,page:Qf,role:`admin`,menu:`nav.events`,group:`nav.g.system`},{path:`/admins`,page:Mf,role:`super_admin`,menu:`nav.admins`,group:`nav.g.system`}],ep=W(`<p class="card" role="status" data-testid="login-message"> </p>`),tp=W(`<p class="field-error"> </p>`),np=W(`<p class="error" role="alert"> </p>`),rp=W(`<div class="login"><h1>Tagih</h1> <div class="row spread"><p class="muted"> </p> <div class="row" role="group"><button class="link">ID</button> <button class="link">EN</button></div></div> <!> <form class="card" novalidate=""><label><span> </span> <input name="username" autocomplete="username"/></label> <label><span> </span> <input name="password" type="password" autocomplete="current-password"/></label> <!> <!> <button class="primary" type="submit"> </button></form></div>`);function ip(e,t){Xe(t,!0);let n=P(``),r=P(``),i=P(!1),a=P(null),o=P(!1),s=N(()=>H(n).trim()===``||H(r)===``);async function c(e){if(e.preventDefault(),F(o,!0),!H(s)){F(i,!0),F(a,null);try{let{login:e}=await X(jo,{username:H(n).trim(),password:H(r)});fo(e.token,e.admin,e.expiresAt)}catch(e){F(a,lc(e),!0)}finally{F(i,!1)}}}var l=rp(),u=B(L(l),2),d=L(u),f=z(d,!0),p=B(d,2),m=L(p),h=B(m,2);M(p),M(u);var g=B(u,2),_=e=>{var t=ep(),n=z(t,!0);V(e=>K(n,e),[()=>$(uo.message)]),G(e,t)};q(g,e=>{uo.message&&e(_)});var v=B(g,2),y=L(v),b=L(y),x=z(b,!0),S=B(b,2);Ma(S),M(y);var C=B(y,2),w=L(C),T=z(w,!0),E=B(w,2);Ma(E),M(C);var D=B(C,2),ee=e=>{var t=tp(),n=z(t,!0);V(e=>K(n,e),[()=>$(`login.required`)]),G(e,t)};q(D,e=>{H(o)&&H(s)&&e(ee)});var O=B(D,2),k=e=>{var t=np(),n=z(t,!0);V(()=>K(n,H(a))),G(e,t)};q(O,e=>{H(a)&&e(k)});var te=B(O,2),ne=z(te,!0);M(v),M(l),V((e,t,n,a,s,c)=>{K(f,e),Y(p,`aria-label`,t),Y(m,`aria-pressed`,ac.lang===`id`),Y(h,`aria-pressed`,ac.lang===`en`),K(x,n),Y(S,`aria-invalid`,a),K(T,s),Y(E,`aria-invalid`,H(o)&&!H(r)),te.disabled=H(i),K(ne,c)},[()=>$(`login.title`),()=>$(`nav.language`),()=>$(`login.username`),()=>H(o)&&!H(n).trim(),()=>$(`login.password`),()=>H(i)?$(`common.loading`):$(`login.submit`)]),U(`click`,m,()=>oc(`id`)),U(`click`,h,()=>oc(`en`)),Pi(`submit`,v,c),Ra(S,()=>H(n),e=>F(n,e)),Ra(E,()=>H(r),e=>F(r,e)),G(e,l),Ze()}Fi([`click`]);var ap=W(`<li><a> </a></li>`),op=W(`<h2> </h2> <ul></ul>`,1),sp=W(`<h1> </h1> <a href="/"> </a>`,1),cp=W(`<h1> </h1> <p role="alert"> </p>`,1),lp=W(`<a class="skip" href="#main"> </a> <header class="topbar"><button class="icon menu-toggle" aria-controls="menu">☰</button> <a class="brand" href="/">Tagih</a> <span class="who" data-testid="who"> </span> <div class="lang" role="group"><button>ID</button> <button>EN</button></div> <button class="link"> </button></header> <div class="layout"><nav id="menu"></nav> <main id="main" tabindex="-1"><!></main></div>`,1);function up(e,t){Xe(t,!0);let n=P(!1),r=N(()=>{for(let e of $f){let t=$c(e.path,Yc.path);if(t)return{r:e,params:t}}return null}),i=N(()=>{let e=[];for(let t of $f){if(!t.menu||!t.group||!go(t.role))continue;let n=e.find(e=>e.group===t.group);n||e.push(n={group:t.group,items:[]}),n.items.push(t)}return e});Yn(()=>{Yc.path,F(n,!1)});let a=N(()=>Yc.path.startsWith(`/print/`));async function o(){try{await X(Mo)}catch{}To(),po(`login.loggedOut`),Zc(`/`)}var s=Ki(),c=R(s),l=e=>{ip(e,{})},u=e=>{var t=Ki();va(R(t),()=>H(r).r.page,(e,t)=>{t(e,{get params(){return H(r).params}})}),G(e,t)},d=e=>{var t=lp(),a=R(t),s=z(a,!0),c=B(a,2),l=L(c),u=B(l,4),d=z(u),f=B(u,2),p=L(f);let m;var h=B(p,2);let g;M(f);var _=B(f,2),v=z(_,!0);M(c);var y=B(c,2),b=L(y);let x;J(b,21,()=>H(i),e=>e.group,(e,t)=>{var n=op(),r=R(n),i=z(r,!0),a=B(r,2);J(a,21,()=>H(t).items,e=>e.path,(e,t)=>{var n=ap(),r=L(n),i=z(r,!0);M(n),V(e=>{Y(r,`href`,H(t).path),Y(r,`aria-current`,Yc.path===H(t).path?`page`:void 0),K(i,e)},[()=>$(H(t).menu)]),G(e,n)}),M(a),V(e=>K(i,e),[()=>$(H(t).group)]),G(e,n)}),M(b);var S=B(b,2),C=L(S),w=e=>{var t=sp(),n=R(t),r=z(n,!0),i=z(B(n,2),!0);V((e,t)=>{K(r,e),K(i,t)},[()=>$(`common.notFound`),()=>$(`nav.overview`)]),G(e,t)},T=e=>{var t=cp(),n=R(t),r=z(n,!0),i=z(B(n,2),!0);V((e,t)=>{K(r,e),K(i,t)},[()=>$(`common.forbiddenTitle`),()=>$(`error.FORBIDDEN`)]),G(e,t)},E=N(()=>!go(H(r).r.role)),D=e=>{var t=Ki();ta(R(t),()=>Yc.path,e=>{var t=Ki();va(R(t),()=>H(r).r.page,(e,t)=>{t(e,{get params(){return H(r).params}})}),G(e,t)}),G(e,t)};q(C,e=>{H(r)?H(E)?e(T,1):e(D,-1):e(w)}),M(S),M(y),V((e,t,r,i,a,o)=>{K(s,e),Y(l,`aria-expanded`,H(n)),Y(l,`aria-label`,t),K(d,`${uo.admin?.username??``} · ${r??``}`),Y(f,`aria-label`,i),Y(p,`aria-pressed`,ac.lang===`id`),m=ba(p,1,``,null,m,{active:ac.lang===`id`}),Y(h,`aria-pressed`,ac.lang===`en`),g=ba(h,1,``,null,g,{active:ac.lang===`en`}),K(v,a),x=ba(b,1,`menu`,null,x,{open:H(n)}),Y(b,`aria-label`,o)},[()=>$(`nav.skip`),()=>$(`nav.menu`),()=>$(`role.${uo.admin?.role??`operator`}`),()=>$(`nav.language`),()=>$(`nav.logout`),()=>$(`nav.menu`)]),U(`click`,l,()=>F(n,!H(n))),U(`click`,p,()=>oc(`id`)),U(`click`,h,()=>oc(`en`)),U(`click`,_,o),G(e,t)};q(c,e=>{uo.token?H(a)&&H(r)?e(u,1):e(d,-1):e(l)}),G(e,s),Ze()}Fi([`click`]),Qc(),document.documentElement.lang=ac.lang,Yi(up,{target:document.getElementById(`app`)});