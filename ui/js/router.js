/* router.js - one page at a time, chosen by the part of the address after #.
 *
 * "#/orders/12?tab=time" names the page "orders/:id" with id 12 and the
 * query tab=time. Back, forward and reload work because the address is
 * the whole state. Pages built in index.html (the calculator) are shown
 * and hidden; every other page is built afresh into the outlet each time
 * it is visited, and can register clean-up for when it is left. */

import { fill, h, queryString } from './dom.js';

/** Split a hash into {path, query}: "#/a/b?x=1" -> {path: "a/b", query}. */
export function parseHash(hash) {
	const raw = hash.replace(/^#\/?/, '');
	const q = raw.indexOf('?');
	const path = (q < 0 ? raw : raw.slice(0, q)).replace(/\/+$/, '');
	const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
	return { path, query };
}

/** Build a hash from a path and an optional query object. */
export function href(path, query) {
	return `#/${path}${queryString(query)}`;
}

/* Does a page pattern ("batches/:id/trace") match a path? -> params or null. */
function match(pattern, path) {
	const want = pattern === '' ? [] : pattern.split('/');
	const got = path === '' ? [] : path.split('/');
	if (want.length !== got.length)
		return null;
	const params = {};
	for (let i = 0; i < want.length; i++) {
		if (want[i].startsWith(':')) {
			let value;
			try {
				value = decodeURIComponent(got[i]);
			} catch {
				return null;
			}
			if (want[i] === ':id' && !/^[1-9]\d{0,15}$/.test(value))
				return null;
			params[want[i].slice(1)] = value;
		} else if (want[i] !== got[i]) {
			return null;
		}
	}
	return params;
}

/**
 * Start routing. options: {
 *   pages: [{path, nav, title, mount, view?, root?}],
 *   outlet: the element other pages are built in,
 *   navLinks: the <a data-nav-item> elements,
 *   announce(text): say something to screen readers,
 *   onNavigate(): called on every change of page (to close a menu),
 *   guard(page, {path, query}): may this page be shown now? null (yes),
 *     {go: hash} (show that address instead, in place of this one) or
 *     {page} (show that stand-in page: "this page is for the owner"),
 * }
 * A page with `view` (a selector) is static: shown, and mounted once on
 * the element `root` selects. Any other page's mount(view, ctx) builds it.
 */
export function startRouter(options) {
	const { pages, outlet, navLinks, announce } = options;
	const statics = pages.filter((p) => p.view).map((p) => ({
		page: p, el: document.querySelector(p.view), mounted: false,
	}));
	let leaving = [];
	let pendingFlash = null;
	let pendingWarnings = null;
	let first = true;
	let seq = 0;

	function setNav(nav) {
		for (const a of navLinks) {
			if (a.dataset.navItem === nav)
				a.setAttribute('aria-current', 'page');
			else
				a.removeAttribute('aria-current');
		}
	}

	function setTitle(text) {
		document.title = text ? `${text} · smallrun` : 'smallrun';
	}

	function go(hash, { flash = null, warnings = null, replace = false } = {}) {
		pendingFlash = flash;
		pendingWarnings = warnings;
		if (hash === location.hash) {
			render();
			return;
		}
		if (replace)
			history.replaceState(null, '', hash);
		else
			location.hash = hash;
		if (replace)
			render();
	}

	function focusHeading(container) {
		const heading = container.querySelector('h1');
		const target = heading || container;
		if (!target.hasAttribute('tabindex'))
			target.setAttribute('tabindex', '-1');
		target.focus({ preventScroll: true });
		window.scrollTo(0, 0);
	}

	function render() {
		const { path, query } = parseHash(location.hash);
		for (const fn of leaving) {
			try {
				fn();
			} catch (err) {
				console.warn(err); // eslint-disable-line no-console
			}
		}
		leaving = [];
		const mySeq = ++seq;

		let page = null;
		let params = null;
		for (const p of pages) {
			params = match(p.path, path);
			if (params) {
				page = p;
				break;
			}
		}
		const verdict = options.guard && page ? options.guard(page, { path, query }) : null;
		if (verdict && verdict.go && verdict.go !== location.hash) {
			history.replaceState(null, '', verdict.go);
			render();
			return;
		}
		if (verdict && verdict.page)
			page = verdict.page;

		const flash = pendingFlash;
		const warnings = pendingWarnings || [];
		pendingFlash = null;
		pendingWarnings = null;
		if (options.onNavigate)
			options.onNavigate();

		if (page && page.view) {
			const s = statics.find((x) => x.page === page);
			for (const x of statics)
				x.el.hidden = x.el !== s.el;
			outlet.hidden = true;
			fill(outlet);
			// Two addresses may show one page ("" and "advice"): mount it once.
			if (!statics.some((x) => x.el === s.el && x.mounted)) {
				s.mounted = true;
				page.mount(document.querySelector(page.root));
			}
			setNav(page.nav);
			setTitle(page.title);
			if (!first)
				focusHeading(s.el);
			first = false;
			return;
		}

		for (const s of statics)
			s.el.hidden = true;
		outlet.hidden = false;
		const view = h('div', { class: 'view__inner' });
		fill(outlet, view);

		const ctx = {
			params: params || {},
			query,
			path,
			flash,
			/** What the answer to the last save warned of: [{code, message}]. */
			warnings,
			/** Is this page still the one shown? */
			live: () => mySeq === seq,
			go,
			reload: () => go(location.hash),
			announce,
			setTitle,
			onLeave: (fn) => leaving.push(fn),
		};

		if (!page) {
			setNav(null);
			setTitle('Page not found');
			fill(view,
				h('h1', {}, 'There is no such page'),
				h('p', {}, 'The address may be mistyped, or the page has moved. Choose a page from the menu, or go to ',
					h('a', { href: '#/orders' }, 'your orders'), '.'));
		} else {
			setNav(page.nav);
			setTitle(page.title);
			try {
				page.mount(view, ctx);
			} catch (err) {
				console.error(err); // eslint-disable-line no-console
				fill(view, h('h1', {}, page.title || 'Something went wrong'),
					h('p', { class: 'notice notice--error' }, 'This page could not be shown. Reload to try again.'));
			}
		}
		if (flash || warnings.length)
			announce([flash, ...warnings.map((w) => w.message)].filter(Boolean).join(' '));
		if (!first)
			focusHeading(view);
		first = false;
	}

	window.addEventListener('hashchange', () => render());
	render();
	return { go, href };
}
