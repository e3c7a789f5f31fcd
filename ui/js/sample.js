/* sample.js - the sample workshop (GET, POST and DELETE /api/v1/demo).
 *
 * On an empty database the home page offers "Try it with a sample
 * workshop" or "Start with my own"; while the sample is loaded a calm
 * banner above every page says so, with "Start afresh", which asks first
 * and then removes every record and puts the settings back. The server
 * refuses to start afresh once the maker has added records of their own,
 * and names them: the banner links to each. Both are built here into two
 * empty places in index.html ([data-sample-offer] on the home page and
 * [data-sample-banner] above the pages), and checked again whenever the
 * home page is shown, since a record added elsewhere ends the offer. */

import { api, ApiError } from './api.js';
import { fill, h, listNodes } from './dom.js';
import { loadSchema, loadSettings, RECORD_PAGES } from './schema.js';
import { onSessionChange, sessionState } from './session.js';

/* "Start with my own" is remembered in this browser. */
const DISMISSED_KEY = 'smallrun.sample.dismissed';

const PAGES = [
	['orders', 'orders'], ['plan', 'week’s plan'], ['batches', 'batches'],
	['sales', 'sales'], ['numbers', 'Numbers'],
];

function dismissed() {
	try {
		return localStorage.getItem(DISMISSED_KEY) === '1';
	} catch {
		return false;
	}
}

function setDismissed(yes) {
	try {
		if (yes)
			localStorage.setItem(DISMISSED_KEY, '1');
		else
			localStorage.removeItem(DISMISSED_KEY);
	} catch {
		/* private browsing: the offer comes back next time, no harm */
	}
}

/*
 * The records a refusal names (error.details.added), "product 6, sale 140
 * and 2 more", each linked to its page where it has one.
 */
async function addedNodes(added) {
	let schema = {};
	try {
		schema = await loadSchema();
	} catch {
		// Without the schema the resource's own name stands in.
	}
	const parts = [];
	for (const a of Array.isArray(added) ? added : []) {
		const ids = Array.isArray(a.ids) ? a.ids : [];
		const one = (schema[a.resource] && schema[a.resource].singular) || a.resource;
		for (const id of ids)
			parts.push(RECORD_PAGES.has(a.resource)
				? h('a', { href: `#/${a.resource}/${id}`, 'data-sample-added': a.resource }, `${one} ${id}`)
				: `${one} ${id}`);
		if (a.count > ids.length)
			parts.push(`${a.count - ids.length} more`);
	}
	return listNodes(parts);
}

/**
 * Start the offer and the banner. options: { announce(text) } to tell
 * screen readers what happened.
 */
export function startSample({ announce = () => {} } = {}) {
	const offer = document.querySelector('[data-sample-offer]');
	const banner = document.querySelector('[data-sample-banner]');
	if (!offer || !banner)
		return;
	let busy = false;

	/* ---- the offer, on the home page of an empty database ---- */

	const tryIt = h('button', { type: 'button', class: 'button button--primary', 'data-sample-load': '', 'data-needs': 'owner' },
		'Try it with a sample workshop');
	const mine = h('button', { type: 'button', class: 'button button--secondary', 'data-sample-dismiss': '' },
		'Start with my own');
	const offerMessage = h('div', { class: 'form-error', role: 'alert' });
	fill(offer,
		h('h2', { id: 'sample-offer-heading' }, 'New here? Look around a workshop first'),
		h('p', {}, 'Clay & Crumb is a made-up potter and baker: custom orders, batches with their lots, ',
			'eight weeks of sales and this week’s plan, all dated around today, so every page has something to show. ',
			'Change anything you like; one button starts afresh.'),
		h('div', { class: 'button-row' }, tryIt, mine),
		offerMessage);
	offer.setAttribute('aria-labelledby', 'sample-offer-heading');

	const done = h('div', { class: 'notice notice--success sample-done', tabindex: '-1', 'data-sample-done': '', hidden: true });

	offer.after(done);

	tryIt.addEventListener('click', async () => {
		if (busy)
			return;
		busy = true;
		fill(offerMessage);
		tryIt.setAttribute('aria-disabled', 'true');
		try {
			const loaded = await api.loadDemo();
			loadSettings(true).catch(() => {});
			offer.hidden = true;
			fill(done,
				h('p', {}, `${loaded.workshop_name} is loaded. Have a look at the `,
					...listNodes(PAGES.map(([path, words]) => h('a', { href: `#/${path}` }, words))), '.'));
			done.hidden = false;
			done.focus();
			announce('The sample workshop is loaded.');
			await refresh();
		} catch (err) {
			fill(offerMessage, h('p', {}, h('strong', {}, 'Not loaded. '),
				err instanceof ApiError ? err.message : 'The sample could not be loaded.'));
			await refresh();
		} finally {
			busy = false;
			tryIt.removeAttribute('aria-disabled');
		}
	});

	mine.addEventListener('click', () => {
		setDismissed(true);
		offer.hidden = true;
		const heading = document.querySelector('[data-page="advice"] h1');
		if (heading) {
			heading.setAttribute('tabindex', '-1');
			heading.focus();
		}
		announce('The sample workshop is put away. Start with the questions, or your settings.');
	});

	/* ---- the banner, on every page while the sample is loaded ---- */

	const afresh = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-sample-afresh': '', 'data-needs': 'owner' },
		'Start afresh');
	const yes = h('button', { type: 'button', class: 'button button--danger button--small', 'data-sample-remove': '' },
		'Yes, remove the sample');
	const no = h('button', { type: 'button', class: 'button button--secondary button--small' }, 'Keep it');
	const bannerMessage = h('div', { class: 'form-error', role: 'alert' });
	const confirm = h('div', { class: 'confirm sample-banner__confirm', role: 'group', 'aria-labelledby': 'sample-confirm-question', hidden: true },
		h('p', { class: 'confirm__question', id: 'sample-confirm-question' },
			'Remove the sample workshop? Every record goes, and the settings go back to what they were before it.'),
		h('div', { class: 'button-row' }, yes, no));
	fill(banner,
		h('div', { class: 'sample-banner__row' },
			h('p', { class: 'sample-banner__text' }, 'You are looking at ', h('strong', {}, 'a sample workshop'),
				', made up to show what smallrun does. Change anything you like.'),
			afresh),
		confirm, bannerMessage);

	afresh.addEventListener('click', () => {
		fill(bannerMessage);
		confirm.hidden = false;
		afresh.hidden = true;
		no.focus();
	});
	no.addEventListener('click', () => {
		confirm.hidden = true;
		afresh.hidden = false;
		afresh.focus();
	});
	yes.addEventListener('click', async () => {
		if (busy)
			return;
		busy = true;
		fill(bannerMessage);
		yes.setAttribute('aria-disabled', 'true');
		try {
			await api.removeDemo();
			loadSettings(true).catch(() => {});
			confirm.hidden = true;
			afresh.hidden = false;
			done.hidden = true;
			setDismissed(false);
			announce('Started afresh: the sample workshop is gone.');
			// The page shown held the sample's records: go home, to begin.
			if (location.hash !== '#/' && location.hash !== '')
				location.hash = '#/';
			await refresh();
		} catch (err) {
			const words = err instanceof ApiError && err.code === 'not_only_sample' && err.details
				? ['Since the sample was loaded you have added ', ...await addedNodes(err.details.added),
					'. Delete those first, or keep the sample.']
				: [err instanceof ApiError ? err.message : 'The sample could not be removed.'];
			fill(bannerMessage, h('p', {}, h('strong', {}, 'Not removed. '), ...words));
			no.focus();
		} finally {
			busy = false;
			yes.removeAttribute('aria-disabled');
		}
	});

	/* ---- what the server says now ---- */

	async function refresh() {
		let state;
		// Logged out, there is nothing to show yet: ask once logged in.
		if (sessionState() === 'out') {
			banner.hidden = true;
			offer.hidden = true;
			return;
		}
		try {
			state = await api.demo();
		} catch {
			return; // the pages say when smallrun cannot be reached
		}
		banner.hidden = !state.loaded;
		offer.hidden = state.loaded || !state.empty || dismissed();
	}

	onSessionChange(refresh);
	window.addEventListener('hashchange', () => {
		const path = location.hash.replace(/^#\/?/, '').replace(/\?.*$/, '');
		if (path === '' || path === 'advice')
			refresh();
	});
	refresh();
}
