//! Every page by path, with the least role that may open it (the API enforces the same).

import type { Component } from 'svelte';
import type { Role } from './lib/session.svelte';
import type { Key } from './lib/i18n/en';
import Overview from './pages/overview/Overview.svelte';
import Locations from './pages/locations/Locations.svelte';
import LocationNew from './pages/locations/LocationNew.svelte';
import LocationDetail from './pages/locations/LocationDetail.svelte';
import Profiles from './pages/profiles/Profiles.svelte';
import Vouchers from './pages/vouchers/Vouchers.svelte';
import Generate from './pages/vouchers/Generate.svelte';
import Batches from './pages/vouchers/Batches.svelte';
import Print from './pages/print/Print.svelte';
import Customers from './pages/customers/Customers.svelte';
import CustomerDetail from './pages/customers/CustomerDetail.svelte';
import Subscriptions from './pages/subscriptions/Subscriptions.svelte';
import Invoices from './pages/invoices/Invoices.svelte';
import Payments from './pages/payments/Payments.svelte';
import Reports from './pages/reports/Reports.svelte';
import WhatsApp from './pages/whatsapp/WhatsApp.svelte';
import Plugins from './pages/plugins/Plugins.svelte';
import Admins from './pages/admins/Admins.svelte';
import Jobs from './pages/jobs/Jobs.svelte';
import Events from './pages/events/Events.svelte';

export interface RouteDef {
  path: string;
  // Pages without parameters declare no props; each gets `params` all the same.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  page: Component<any>;
  role: Role;
  /** Shown in the menu under this label (pages without one are reached from others). */
  menu?: Key;
  group?: Key;
}

export const routes: RouteDef[] = [
  { path: '/', page: Overview, role: 'operator', menu: 'nav.overview', group: 'nav.g.main' },
  { path: '/locations', page: Locations, role: 'operator', menu: 'nav.locations', group: 'nav.g.network' },
  { path: '/locations/new', page: LocationNew, role: 'super_admin' },
  { path: '/locations/:id', page: LocationDetail, role: 'operator' },
  { path: '/profiles', page: Profiles, role: 'operator', menu: 'nav.profiles', group: 'nav.g.network' },
  { path: '/vouchers', page: Vouchers, role: 'operator', menu: 'nav.vouchers', group: 'nav.g.vouchers' },
  { path: '/vouchers/generate', page: Generate, role: 'operator', menu: 'nav.generate', group: 'nav.g.vouchers' },
  { path: '/batches', page: Batches, role: 'operator', menu: 'nav.batches', group: 'nav.g.vouchers' },
  { path: '/print/:location/:batch', page: Print, role: 'operator' },
  { path: '/customers', page: Customers, role: 'operator', menu: 'nav.customers', group: 'nav.g.billing' },
  { path: '/customers/:id', page: CustomerDetail, role: 'operator' },
  { path: '/subscriptions', page: Subscriptions, role: 'operator', menu: 'nav.subscriptions', group: 'nav.g.billing' },
  { path: '/invoices', page: Invoices, role: 'operator', menu: 'nav.invoices', group: 'nav.g.billing' },
  { path: '/payments', page: Payments, role: 'operator', menu: 'nav.payments', group: 'nav.g.billing' },
  { path: '/reports', page: Reports, role: 'admin', menu: 'nav.reports', group: 'nav.g.billing' },
  { path: '/whatsapp', page: WhatsApp, role: 'admin', menu: 'nav.whatsapp', group: 'nav.g.system' },
  { path: '/settings/plugins', page: Plugins, role: 'admin', menu: 'nav.plugins', group: 'nav.g.system' },
  { path: '/jobs', page: Jobs, role: 'admin', menu: 'nav.jobs', group: 'nav.g.system' },
  { path: '/events', page: Events, role: 'admin', menu: 'nav.events', group: 'nav.g.system' },
  { path: '/admins', page: Admins, role: 'super_admin', menu: 'nav.admins', group: 'nav.g.system' },
];
