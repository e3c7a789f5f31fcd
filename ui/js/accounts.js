/* accounts.js - #/accounts, for the owner: everyone who may use smallrun,
 * with their role; add a person (name, login, role, password), change
 * someone's role, set a new password for someone who forgot theirs, and
 * remove an account. The server keeps at least one owner and says so in
 * its own words when asked to do otherwise (409 last_owner). */

import { api, ApiError } from './api.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import { count, instantText } from './format.js';
import { ACCOUNT_FIELDS, checkAgain, checkLogin } from './login.js';
import { badge, linkButton, loadInto, pageHead } from './page.js';
import { deleteControl } from './records.js';
import { href } from './router.js';
import { messageText } from './schema.js';
import { currentUser, loadSession, ROLE_HINT } from './session.js';

const ROLES = ['owner', 'maker', 'viewer'];
const ROLE_NAME = { owner: 'Owner', maker: 'Maker', viewer: 'Viewer' };

/* "Role": a select and its button, for one account. */
function roleForm(account, ctx) {
	const id = `account-${account.id}-role`;
	const select = h('select', { id, name: 'role', class: 'input input--select', 'data-role-select': '' },
		ROLES.map((r) => h('option', { value: r, selected: r === account.role }, ROLE_NAME[r])));
	const message = h('div', { class: 'form-error', role: 'alert' });
	const save = h('button', { type: 'submit', class: 'button button--secondary' }, 'Change role');
	const form = h('form', { class: 'account-role', 'data-role-form': '' },
		h('div', { class: 'field' },
			h('label', { class: 'field__label', for: id }, `Role of ${account.name}`), select),
		h('div', { class: 'button-row' }, save), message);
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		fill(message);
		if (select.value === account.role) {
			fill(message, h('p', {}, `${account.name} is ${ROLE_NAME[account.role].toLowerCase()} already.`));
			return;
		}
		save.setAttribute('aria-disabled', 'true');
		try {
			await api.updateAccount(account.id, { role: select.value });
		} catch (err) {
			fill(message, h('p', {}, h('strong', {}, 'Not changed. '),
				err instanceof ApiError ? messageText('account', err.message) : 'Please try again.'));
			select.focus();
			return;
		} finally {
			save.removeAttribute('aria-disabled');
		}
		const flash = `${account.name} is now ${ROLE_NAME[select.value].toLowerCase()}: ${ROLE_HINT[select.value]}.`;
		// Made something else myself: what I may do changes now.
		if (currentUser() && currentUser().id === account.id) {
			await loadSession();
			ctx.go(href('account'), { flash });
			return;
		}
		ctx.go(location.hash, { flash });
	});
	return form;
}

/* "Set a new password", folded away until asked for. */
function resetForm(account, ctx) {
	const form = buildForm({
		resource: 'accounts',
		fields: [ACCOUNT_FIELDS.password, ACCOUNT_FIELDS.again],
		mode: 'create',
		needs: 'owner',
		failText: 'Not set. ',
		submitLabel: 'Set this password',
		check: (v) => checkAgain(v),
		onSubmit: async (out) => {
			await api.resetPassword(account.id, out.password);
			ctx.go(location.hash, { flash: `Set a new password for ${account.name}, who is logged out everywhere until they log in with it. Tell them it in person.` });
		},
	});
	return h('details', { class: 'account-reset', 'data-reset': '' },
		h('summary', { class: 'account-reset__summary' }, `Set a new password for ${account.name}`),
		h('p', { class: 'field__hint' }, 'For someone who forgot theirs. It logs them out everywhere.'),
		form.form);
}

/* One person: name, login, role, and what the owner may do to them. */
function accountItem(a, ctx) {
	const me = currentUser();
	const mine = me && me.id === a.id;
	return h('li', { class: 'account-list__item account-card', 'data-account': a.login },
		h('h2', { class: 'account-card__name' }, a.name, ' ', badge(ROLE_NAME[a.role] || a.role, `role-${a.role}`),
			mine ? [' ', badge('You', 'current', '●')] : null),
		h('p', { class: 'account-list__detail' }, `Login ${a.login}, added ${instantText(a.created_at)}. ${ROLE_NAME[a.role]}: ${ROLE_HINT[a.role]}.`),
		roleForm(a, ctx),
		mine ? h('p', { class: 'muted' }, h('a', { href: href('account') }, 'Change your own password'), ' on your account page.') : resetForm(a, ctx),
		deleteControl({
			what: 'account',
			resource: 'account',
			verb: 'Remove',
			refusal: 'Not removed. ',
			needs: 'owner',
			onDelete: async () => {
				await api.removeAccount(a.id);
				ctx.go(location.hash, { flash: `Removed ${a.name}’s account. Their records and what they did stay; they can no longer log in.` });
			},
		}));
}

/* "Add a person". */
function addSection(ctx) {
	const form = buildForm({
		resource: 'accounts',
		fields: [ACCOUNT_FIELDS.name, ACCOUNT_FIELDS.login, ACCOUNT_FIELDS.role, ACCOUNT_FIELDS.password, ACCOUNT_FIELDS.again],
		values: { role: 'maker' },
		mode: 'create',
		needs: 'owner',
		failText: 'Not added. ',
		submitLabel: 'Add this person',
		check: (v) => ({ ...checkLogin(v), ...checkAgain(v) }),
		onSubmit: async (out) => {
			const a = await api.createAccount({ name: out.name, login: out.login, role: out.role, password: out.password });
			ctx.go(location.hash, { flash: `Added ${a.name} as ${ROLE_NAME[a.role].toLowerCase()}. They log in as ${a.login} with the password you chose: tell them it in person.` });
		},
	});
	return h('section', { class: 'panel account__section', 'aria-labelledby': 'accounts-add-h', 'data-add-account': '' },
		h('h2', { id: 'accounts-add-h' }, 'Add a person'),
		h('p', {}, 'Each person who works here gets their own login, so the timer and the log of changes know who did what.'),
		form.form);
}

/** #/accounts (owners) */
export function mountAccounts(view, ctx) {
	const list = h('div', { 'data-accounts': '' });
	fill(view,
		pageHead({
			title: 'Accounts',
			lead: 'Everyone who may use smallrun, and what each may do.',
			flash: ctx.flash,
			actions: [linkButton('Who changed what', href('audit'), 'secondary', { 'data-audit-link': '' })],
		}),
		list, addSection(ctx));
	loadInto(list, ctx, 'the accounts', () => api.accounts({ limit: 1000 }), (data) => [
		h('p', { class: 'muted' }, `${count(data.total, 'account')}.`),
		h('ul', { class: 'account-list' }, data.items.map((a) => accountItem(a, ctx))),
	]);
}
