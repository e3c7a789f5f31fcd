/* account.js - #/account, the person logged in: change my password; where
 * I am logged in (this browser marked), each session ended on its own or
 * all at once ("log out everywhere"); and my API tokens and calendar keys,
 * a new one's secret shown once with a copy button, each revocable.
 *
 * Everyone with an account may do all of this to their own, a viewer too. */

import { api, ApiError } from './api.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import { instantText } from './format.js';
import { ACCOUNT_FIELDS, checkAgain } from './login.js';
import { badge, emptyState, linkButton, loadInto, pageHead } from './page.js';
import { deleteControl } from './records.js';
import { href } from './router.js';
import { currentUser, ROLE_TEXT, setLoggedOut } from './session.js';

/* The address a calendar key opens (DESIGN: plan.ics?key=SECRET). */
export function calendarAddress(secret) {
	return new URL(`/api/v1/plan.ics?key=${encodeURIComponent(secret)}`, location.href).href;
}

/* "Chrome on Android" from a user agent, or the start of it. */
function deviceText(ua) {
	if (!ua)
		return 'An unknown browser';
	const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
		: /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari'
			: /curl\//.test(ua) ? 'curl' : null;
	const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS'
		: /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS'
			: /Linux|X11/.test(ua) ? 'Linux' : null;
	if (browser && system)
		return `${browser} on ${system}`;
	return browser || system || ua.slice(0, 40);
}

/**
 * A secret shown this once, in a box to copy from, with a Copy button:
 * what (words), value (the text to copy), note (what to do with it).
 */
export function secretPanel(what, value, note) {
	const id = `secret-${Math.random().toString(36).slice(2)}`;
	const box = h('input', {
		id, class: 'input secret__value', type: 'text', readonly: true, value,
		'data-secret': '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-note`,
	});
	box.addEventListener('focus', () => box.select());
	const status = h('p', { class: 'secret__status', role: 'status' });
	const copy = h('button', { type: 'button', class: 'button button--primary', 'data-copy': '' }, 'Copy');
	copy.addEventListener('click', async () => {
		let done = false;
		try {
			// Over plain http on the network the clipboard API is not there.
			if (navigator.clipboard && window.isSecureContext) {
				await navigator.clipboard.writeText(value);
				done = true;
			}
		} catch {
			done = false;
		}
		if (!done) {
			box.focus();
			box.select();
			done = document.execCommand && document.execCommand('copy');
		}
		status.textContent = done ? 'Copied.' : 'Select the text and copy it yourself.';
	});
	return h('div', { class: 'notice notice--success secret', 'data-secret-panel': '' },
		h('label', { class: 'field__label', for: id }, what),
		h('p', { class: 'field__hint', id: `${id}-note` }, note),
		h('div', { class: 'secret__row' }, box, copy),
		status);
}

/* "Change your password". */
function passwordSection(ctx) {
	const form = buildForm({
		resource: 'accounts',
		fields: [
			{ ...ACCOUNT_FIELDS.password, name: 'current', min: 1 },
			{ ...ACCOUNT_FIELDS.password, name: 'new' },
			ACCOUNT_FIELDS.again,
		],
		mode: 'create',
		needs: null,
		failText: 'Not changed. ',
		submitLabel: 'Change my password',
		check: (v) => checkAgain(v, 'new'),
		onSubmit: async (out) => {
			try {
				await api.changePassword({ current: out.current, new: out.new });
			} catch (err) {
				// Its own words say "current password" already: not the label again.
				if (err instanceof ApiError && err.code === 'wrong_password')
					throw new ApiError(err.status, err.code, 'That is not your password now.', 'current');
				throw err;
			}
			ctx.go(location.hash, { flash: 'Password changed. You stay logged in here; everywhere else you were logged in has been logged out.' });
		},
	});
	return h('section', { class: 'panel account__section', 'aria-labelledby': 'account-password-h', 'data-password': '' },
		h('h2', { id: 'account-password-h' }, 'Change your password'),
		h('p', {}, 'Changing it logs you out everywhere else you are logged in.'),
		form.form);
}

/* "Where you are logged in": each session, this one marked. */
function sessionsSection(ctx) {
	const list = h('div', { 'data-sessions': '' });
	const all = h('button', { type: 'button', class: 'button button--secondary', 'data-logout-everywhere': '' }, 'Log out everywhere');
	const message = h('div', { class: 'form-error', role: 'alert' });
	all.addEventListener('click', async () => {
		try {
			await api.endSessions();
		} catch (err) {
			fill(message, h('p', {}, h('strong', {}, 'Not logged out. '), err.message));
			return;
		}
		setLoggedOut();
		ctx.go(href('login'), { flash: 'You are logged out everywhere: on this browser and every other.' });
	});
	loadInto(list, ctx, 'your sessions', () => api.sessions(), (data) => h('ul', { class: 'account-list' },
		data.items.map((s) => h('li', { class: 'account-list__item', 'data-session': s.id, 'data-current': s.current ? 'true' : null },
			h('p', { class: 'account-list__title' }, deviceText(s.user_agent),
				s.current ? [' ', badge('This browser', 'current', '●')] : null),
			h('p', { class: 'account-list__detail' },
				[s.address ? `From ${s.address}` : null, `logged in ${instantText(s.created_at)}`,
					`last used ${instantText(s.last_used_at)}`].filter(Boolean).join(', '), '.'),
			deleteControl({
				what: 'session',
				resource: 'sessions',
				verb: 'Log out',
				refusal: 'Not logged out. ',
				ask: s.current ? 'Log out here, in this browser?' : `Log out ${deviceText(s.user_agent)}? It will have to log in again.`,
				yesText: 'Yes, log it out',
				needs: null,
				small: true,
				label: `Log out ${deviceText(s.user_agent)}${s.current ? ', this browser' : ''}`,
				onDelete: async () => {
					await api.endSession(s.id);
					if (s.current) {
						setLoggedOut();
						ctx.go(href('login'), { flash: 'You are logged out.' });
					} else {
						ctx.go(location.hash, { flash: `Logged out ${deviceText(s.user_agent)}.` });
					}
				},
			})))));
	return h('section', { class: 'panel account__section', 'aria-labelledby': 'account-sessions-h' },
		h('h2', { id: 'account-sessions-h' }, 'Where you are logged in'),
		h('p', {}, 'Each browser and phone you logged in on. Log one out if you lost it or used someone else’s.'),
		list, h('p', { class: 'button-row' }, all), message);
}

/* A new token's secret, this once: a calendar key as the address to give. */
function madePanel(t) {
	const calendar = t.kind === 'calendar';
	return secretPanel(
		calendar ? `The address of “${t.name}”` : `The token “${t.name}”`,
		calendar ? calendarAddress(t.secret) : t.secret,
		calendar ? 'Copy it now: it is shown only this once. Give it to your phone’s calendar as a subscription (Other calendars → From URL in Google Calendar; Settings → Calendar → Accounts → Add subscribed calendar on an iPhone).'
			: 'Copy it now: it is shown only this once. A script sends it in the header Authorization: Bearer TOKEN.');
}

/* "Calendar keys and API tokens": the list, revoke, and a new one. */
function tokensSection(ctx) {
	const list = h('div', { 'data-tokens': '' });
	const made = h('div', { 'data-made': '' });
	const showList = () => loadInto(list, ctx, 'your tokens', () => api.tokens(), (data) => (data.items.length === 0
		? emptyState({ title: 'No calendar keys or tokens', text: 'A calendar key lets a phone’s calendar show the plan; an API token lets a script of yours use smallrun as you.' })
		: h('ul', { class: 'account-list' }, data.items.map((t) => h('li', { class: 'account-list__item', 'data-token': t.id },
			h('p', { class: 'account-list__title' }, t.name, ' ', badge(t.kind === 'calendar' ? 'Calendar key' : 'API token', t.kind)),
			h('p', { class: 'account-list__detail' },
				`Made ${instantText(t.created_at)}, ${t.last_used_at ? `last used ${instantText(t.last_used_at)}` : 'not used yet'}.`),
			deleteControl({
				what: t.kind === 'calendar' ? 'calendar key' : 'token',
				resource: 'tokens',
				verb: 'Revoke',
				refusal: 'Not revoked. ',
				needs: null,
				small: true,
				label: `Revoke “${t.name}”`,
				onDelete: async () => {
					await api.revokeToken(t.id);
					ctx.go(location.hash, { flash: `Revoked “${t.name}”: whatever used it no longer gets in.` });
				},
			}))))));
	const form = buildForm({
		resource: 'tokens',
		fields: [
			{ name: 'name', type: 'text', required: true, min: 1, max: 100 },
			{ name: 'kind', type: 'enum', required: true, values: ['calendar', 'api'] },
		],
		values: { kind: 'calendar' },
		mode: 'create',
		needs: null,
		failText: 'Not made. ',
		submitLabel: 'Make it',
		onSubmit: async (out) => {
			const t = await api.createToken(out);
			fill(made, madePanel(t));
			ctx.announce(`Made “${t.name}”. Its ${t.kind === 'calendar' ? 'address' : 'token'} is shown once, below the form.`);
			made.querySelector('[data-secret]').focus();
			for (const input of form.form.querySelectorAll('input[name="name"]'))
				input.value = '';
			showList();
		},
	});
	showList();
	return h('section', { class: 'panel account__section', 'aria-labelledby': 'account-tokens-h', 'data-tokens-section': '' },
		h('h2', { id: 'account-tokens-h' }, 'Calendar keys and API tokens'),
		h('p', {}, 'A calendar app or a script cannot log in. Give it a key of its own instead: it acts as you, and you can revoke it here at any time.'),
		list,
		h('h3', {}, 'Make a new one'),
		form.form,
		made);
}

/** #/account */
export function mountAccount(view, ctx) {
	const me = currentUser();
	if (!me) {
		fill(view, pageHead({ title: 'Your account', lead: 'Nobody has an account here yet: this computer uses smallrun as its owner.' }),
			h('p', {}, linkButton('Create the owner’s account', href('setup'), 'primary', { 'data-setup-offer': '' })));
		return;
	}
	fill(view,
		pageHead({
			title: 'Your account',
			lead: `Logged in as ${me.name} (login ${me.login}), ${ROLE_TEXT[me.role] || me.role} of this workshop.`,
			flash: ctx.flash,
			actions: [linkButton('Accounts', href('accounts'), 'secondary', { 'data-needs': 'owner' })],
		}),
		h('div', { class: 'account' }, passwordSection(ctx), sessionsSection(ctx), tokensSection(ctx)));
}
