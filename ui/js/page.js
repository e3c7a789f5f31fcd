/* page.js - the parts every page is made of: a heading with its main
 * actions, a loading line, a load error with "Try again", an empty state
 * that says what to do first, notices, and badges that never rely on
 * colour alone. */

import { ApiError } from './api.js';
import { fill, h, sentence } from './dom.js';

/**
 * The top of a page: h1, an optional lead sentence, action links or
 * buttons, the flash message the last page left (e.g. "Saved.") and
 * what the answer to that save warned of (accepted, but worth knowing).
 */
export function pageHead({ title, lead = null, actions = [], flash = null, warnings = [], back = null }) {
	return h('div', { class: 'page-head' },
		back ? h('p', { class: 'page-head__back' },
			h('a', { href: back.href, class: 'back-link' }, h('span', { 'aria-hidden': 'true' }, '← '), back.text)) : null,
		h('div', { class: 'page-head__row' },
			h('h1', { class: 'page-head__title' }, title),
			actions.length ? h('div', { class: 'page-head__actions' }, actions) : null),
		lead ? h('p', { class: 'page-head__lead' }, lead) : null,
		flash ? h('p', { class: 'notice notice--success', 'data-flash': '' },
			h('span', { class: 'notice__mark', 'aria-hidden': 'true' }, '✓ '), flash) : null,
		(warnings || []).map((w) => h('p', { class: 'notice notice--warning', 'data-warning': w.code },
			h('span', { class: 'notice__mark', 'aria-hidden': 'true' }, '! '), h('strong', {}, 'Worth knowing: '), sentence(w.message))));
}

/**
 * A link that looks like a button. One to a form that makes a record
 * ("#/orders/new") is offered only to those who may (data-needs="write",
 * session.js), unless extra says otherwise.
 */
export function linkButton(text, hash, kind = 'primary', extra = {}) {
	const makes = /^#\/[a-z-]+\/new(\?|$)/.test(hash) ? 'write' : null;
	return h('a', { href: hash, class: `button button--${kind}`, 'data-needs': makes, ...extra }, text);
}

/** "Loading …" while a page fetches. */
export function loading(what) {
	return h('p', { class: 'status', 'data-loading': '' }, `Loading ${what}…`);
}

/** A load failure with the server's words and a way to try again. */
export function loadError(err, retry) {
	const detail = err instanceof ApiError ? sentence(err.message)
		: 'Something went wrong while setting up the page.';
	const button = h('button', { type: 'button', class: 'button button--secondary' }, 'Try again');
	button.addEventListener('click', retry);
	return h('div', { class: 'notice notice--error', role: 'alert', 'data-load-error': '' },
		h('p', {}, h('strong', {}, 'This could not be loaded.')),
		h('p', {}, detail),
		button);
}

/**
 * What a new maker sees where a list is empty: what the list is for and
 * the one thing to do first.
 */
export function emptyState({ title, text, action = null, more = null }) {
	return h('div', { class: 'empty', 'data-empty': '' },
		h('h2', { class: 'empty__title' }, title),
		text ? h('p', {}, text) : null,
		more,
		action ? h('p', { class: 'empty__action' }, action) : null);
}

/** A labelled status, like "Overdue" or "Done": shape and words, not only colour. */
export function badge(text, kind = 'plain', mark = null) {
	return h('span', { class: `badge badge--${kind}`, 'data-badge': kind },
		mark ? h('span', { class: 'badge__mark', 'aria-hidden': 'true' }, mark) : null,
		text);
}

/** A definition list of facts: [[label, value], …]; empty values left out. */
export function facts(pairs, className = '') {
	return h('dl', { class: `facts ${className}`.trim() },
		pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) =>
			h('div', { class: 'facts__item' }, h('dt', {}, k), h('dd', {}, v))));
}

/**
 * Load data into a container: show "Loading", then build(data) or an
 * error with "Try again". load() returns a promise; build returns nodes.
 * Nothing is written once ctx says the page was left.
 */
export async function loadInto(container, ctx, what, load, build) {
	fill(container, loading(what));
	container.setAttribute('aria-busy', 'true');
	let data;
	try {
		data = await load();
	} catch (err) {
		if (!ctx.live())
			return;
		container.setAttribute('aria-busy', 'false');
		fill(container, loadError(err, () => loadInto(container, ctx, what, load, build)));
		return;
	}
	if (!ctx.live())
		return;
	container.setAttribute('aria-busy', 'false');
	fill(container, build(data));
}

/**
 * Filters in a box that folds away: open on a wide screen or when a
 * filter is on, folded on a phone so the list comes first. summary says
 * what is shown now.
 */
export function filterBox(form, summary, active) {
	const wide = window.matchMedia('(min-width: 48rem)').matches;
	return h('details', { class: 'filters-box', open: wide || active, 'data-filters': '' },
		h('summary', { class: 'filters-box__summary' },
			h('span', { class: 'filters-box__title' }, 'Filter'),
			summary ? h('span', { class: 'filters-box__now' }, summary) : null),
		form);
}

/**
 * Buttons that move to a section of a long page (the address is the
 * route, so these scroll and focus instead of using #anchors).
 */
export function jumpBar(items) {
	return h('nav', { class: 'jump', 'aria-label': 'On this page' },
		h('ul', {}, items.map(([text, selector]) => {
			const b = h('button', { type: 'button', class: 'jump__button' }, text);
			b.addEventListener('click', () => {
				const target = document.querySelector(selector);
				if (!target)
					return;
				const heading = target.querySelector('h2') || target;
				if (!heading.hasAttribute('tabindex'))
					heading.setAttribute('tabindex', '-1');
				heading.focus({ preventScroll: true });
				target.scrollIntoView({ block: 'start' });
			});
			return h('li', {}, b);
		})));
}
