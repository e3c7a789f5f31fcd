/* app.js - entry point of the smallrun web app.
 *
 * The page table below says which page answers which address (the part
 * after #), which menu item it lights up, and the module that builds it.
 * The calculator is written in index.html and only shown and hidden; every
 * other page is built by its module each time it is visited. A new page
 * adds a line here and a link in the menu in index.html; a generic
 * resource's three pages are one recordPages() line, from records.js.
 *
 * Who is here is asked first (session.js): once accounts exist, every page
 * but the login and set-up pages needs someone logged in, and a page
 * marked `needs` (the accounts, the audit log) is for those whose role may
 * do that. The router's guard below sends everyone else on. */

import { mountAccount } from './account.js';
import { mountAccounts } from './accounts.js';
import { setUnauthenticatedHandler } from './api.js';
import { mountAudit } from './audit.js';
import { mountBatch, mountBatches, mountBatchNew } from './batches.js';
import { mountCalculator } from './calculator.js';
import { mountNumbers, mountProductNumbers } from './economics.js';
import { mountOrder, mountOrderNew, mountOrders } from './orders.js';
import { mountQuote } from './quotes.js';
import { mountPlan } from './plan.js';
import { mountPurchase, mountPurchaseNew, mountPurchases } from './purchases.js';
import { fill, h } from './dom.js';
import { mountLogin, mountSetup, mountWho } from './login.js';
import { pageHead } from './page.js';
import { productRecipe } from './recipe.js';
import { formPage, recordPages } from './records.js';
import { customerRecords, lotRecords, materialRecords, supplierRecords } from './related.js';
import { href, parseHash, startRouter } from './router.js';
import { currentUser, loadSession, may, ROLE_TEXT, sessionState, setLoggedOut } from './session.js';
import { mountSales, mountSalesForecast } from './sales.js';
import { startSample } from './sample.js';
import { mountSettings } from './settings.js';
import { mountStock } from './stock.js';
import { mountToBuy } from './tobuy.js';
import { mountTimer } from './timer.js';
import { mountTrace, mountTraceSearch } from './trace.js';
import { mountLabels } from './labels.js';
import { mountInvoice, mountInvoices, saleReceipt } from './invoices.js';

const pages = [
	{ path: '', nav: 'advice', title: 'Job, batch or both?', view: '[data-page="advice"]', root: '[data-calculator]', mount: mountCalculator },
	{ path: 'advice', nav: 'advice', title: 'Job, batch or both?', view: '[data-page="advice"]', root: '[data-calculator]', mount: mountCalculator },
	{ path: 'numbers', nav: 'numbers', title: 'Numbers', mount: mountNumbers },
	{ path: 'numbers/:id', nav: 'numbers', title: 'Numbers', mount: mountProductNumbers },
	{ path: 'orders', nav: 'orders', title: 'Orders', mount: mountOrders },
	{ path: 'orders/new', nav: 'orders', title: 'New order', mount: mountOrderNew, needs: 'write' },
	{ path: 'orders/:id', nav: 'orders', title: 'Order', mount: mountOrder },
	{ path: 'quotes/:id', nav: 'orders', title: 'Quote', mount: mountQuote },
	{ path: 'plan', nav: 'plan', title: 'Plan', mount: mountPlan },
	{ path: 'batches', nav: 'batches', title: 'Batches', mount: mountBatches },
	{ path: 'batches/new', nav: 'batches', title: 'New batch', mount: mountBatchNew, needs: 'write' },
	{ path: 'batches/:id', nav: 'batches', title: 'Batch', mount: mountBatch },
	{ path: 'batches/:id/trace', nav: 'batches', title: 'Trace', mount: mountTrace },
	{ path: 'batches/:id/labels', nav: 'batches', title: 'Print labels', mount: mountLabels },
	{ path: 'trace', nav: 'batches', title: 'Trace a lot or batch', mount: mountTraceSearch },
	{ path: 'timer', nav: 'timer', title: 'Timer', mount: mountTimer },
	{ path: 'sales', nav: 'sales', title: 'Sales', mount: mountSales },
	{ path: 'sales/forecast', nav: 'sales', title: 'Sales history and forecast', mount: mountSalesForecast },
	{ path: 'sales/new', nav: 'sales', title: 'Record a sale', mount: formPage('sales'), needs: 'write' },
	{ path: 'sales/:id', nav: 'sales', title: 'Sale', mount: formPage('sales', { more: saleReceipt }) },
	{ path: 'invoices', nav: 'invoices', title: 'Invoices', mount: mountInvoices },
	{ path: 'invoices/:id', nav: 'invoices', title: 'Invoice', mount: mountInvoice },
	{ path: 'stock', nav: 'stock', title: 'Stock', mount: mountStock },
	{ path: 'to-buy', nav: 'to-buy', title: 'To buy', mount: mountToBuy },
	{ path: 'purchases', nav: 'stock', title: 'Purchases', mount: mountPurchases },
	{ path: 'purchases/new', nav: 'stock', title: 'New purchase', mount: mountPurchaseNew, needs: 'write' },
	{ path: 'purchases/:id', nav: 'stock', title: 'Purchase', mount: mountPurchase },
	...recordPages('materials', { more: materialRecords }),
	...recordPages('material-units'),
	...recordPages('material-lots', { more: lotRecords }),
	...recordPages('suppliers', { more: supplierRecords }),
	...recordPages('products', { more: productRecipe }),
	...recordPages('customers', { more: customerRecords }),
	...recordPages('days-off'),
	...recordPages('time-entries'),
	{ path: 'settings', nav: 'settings', title: 'Settings', mount: mountSettings },
	{ path: 'login', nav: null, title: 'Log in', mount: mountLogin, open: true },
	{ path: 'setup', nav: 'settings', title: 'Create the owner’s account', mount: mountSetup, open: true },
	{ path: 'account', nav: null, title: 'Your account', mount: mountAccount },
	{ path: 'accounts', nav: 'settings', title: 'Accounts', mount: mountAccounts, needs: 'owner' },
	{ path: 'audit', nav: 'settings', title: 'Who changed what', mount: mountAudit, needs: 'owner' },
];

/* ---- who may see which page -------------------------------------------- */

/* This address, for ?next= on the login page: "orders/3?tab=time". */
function here() {
	const { path, query } = parseHash(location.hash);
	const q = query.toString();
	return q ? `${path}?${q}` : path;
}

/* A page the person's role may not open, in its place. */
function refused(page) {
	return {
		nav: page.nav,
		title: page.title,
		mount(view) {
			const me = currentUser();
			const who = me ? `${me.name}, ${ROLE_TEXT[me.role]}` : 'someone else';
			fill(view, pageHead({ title: page.title }),
				h('p', { class: 'notice', 'data-refused': '' }, page.needs === 'owner'
					? `This page is for the workshop’s owner. You are logged in as ${who}.`
					: `Adding records needs a maker’s or the owner’s account. You are logged in as ${who}, who may look but not change.`));
		},
	};
}

function guard(page) {
	if (page.open)
		return null;
	if (sessionState() === 'out')
		return { go: href('login', { next: here() || null }) };
	if (page.needs && !may(page.needs))
		return { page: refused(page) };
	return null;
}

/* ---- the menu: a list on wide screens, behind a button on a phone ---- */

function setUpMenu() {
	const button = document.querySelector('[data-menu-button]');
	const nav = document.querySelector('[data-nav]');
	if (!button || !nav)
		return () => {};
	button.hidden = false;
	nav.dataset.menu = 'closed';

	function set(open) {
		nav.dataset.menu = open ? 'open' : 'closed';
		button.setAttribute('aria-expanded', open ? 'true' : 'false');
	}
	button.addEventListener('click', () => {
		const open = nav.dataset.menu !== 'open';
		set(open);
		if (open) {
			const current = nav.querySelector('[aria-current="page"]') || nav.querySelector('a');
			current.focus();
		}
	});
	nav.addEventListener('keydown', (event) => {
		if (event.key === 'Escape' && nav.dataset.menu === 'open') {
			set(false);
			button.focus();
		}
	});
	return () => set(false);
}

/* The skip link moves focus without touching the address (which routes). */
function setUpSkipLink() {
	const link = document.querySelector('[data-skip-link]');
	const main = document.getElementById('main');
	if (!link || !main)
		return;
	link.addEventListener('click', (event) => {
		event.preventDefault();
		main.focus();
		main.scrollIntoView({ block: 'start' });
	});
}

const announcer = document.querySelector('[data-announce]');

function announce(text) {
	if (!announcer)
		return;
	announcer.textContent = '';
	// A fresh text node after a tick, so the same words are read twice.
	setTimeout(() => { announcer.textContent = text; }, 50);
}

const closeMenu = setUpMenu();
setUpSkipLink();
// Who is here first: the sample's offer and every page depend on it.
await loadSession();
startSample({ announce });
const router = startRouter({
	pages,
	outlet: document.querySelector('[data-outlet]'),
	navLinks: [...document.querySelectorAll('[data-nav-item]')],
	announce,
	onNavigate: closeMenu,
	guard,
});
const who = document.querySelector('[data-who]');
if (who)
	mountWho(who, router.go);
// A session that ended (expired, revoked, logged out elsewhere): log in
// again, and come back here after.
setUnauthenticatedHandler(() => {
	if (parseHash(location.hash).path === 'login')
		return;
	const was = sessionState() === 'in';
	setLoggedOut();
	router.go(href('login', { next: here() || null }), {
		replace: true,
		flash: was ? 'Your session has ended. Log in again to go on.' : null,
	});
});
