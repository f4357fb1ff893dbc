import { mount } from 'svelte';
import App from './App.svelte';
import { installRouter } from './lib/router.svelte';
import { i18n } from './lib/i18n.svelte';
import './app.css';

installRouter();
document.documentElement.lang = i18n.lang;
mount(App, { target: document.getElementById('app')! });
