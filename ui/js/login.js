/* login.js - getting in and out: the login page (#/login), the offer to
 * create the owner's account while nobody has one (#/setup), and the
 * header's line that says who is logged in, with "Log out".
 *
 * The server's own words are shown for a refused login; a 429 (too many
 * wrong passwords) says the wait in minutes and seconds from its
 * Retry-After. After logging in the maker goes back to the page they were
 * sent away from (?next=orders/3). */

import { api, ApiError } from './api.js';
import { fill, h, sentence } from './dom.js';
import { buildForm } from './forms.js';
import { waitText } from './format.js';
import { linkButton, pageHead } from './page.js';
import { href } from './router.js';
import {
	currentUser,
	logIn,
	logOut,
	loginNamesWorkshop,
	onSessionChange,
	sessionState,
	setSession
} from './session.js';

/* The fields of these forms, described as the schema describes a
 * resource's (the server's bounds: lib/accounts.c), for forms.js. */
export const ACCOUNT_FIELDS = {
	name : {
		name : 'name',
		type : 'text',
		required : true,
		min : 1,
		max : 100
	},
	login : {
		name : 'login',
		type : 'text',
		required : true,
		min : 1,
		max : 64
	},
	password : {
		name : 'password',
		type : 'text',
		required : true,
		min : 8,
		max : 256
	},
	again : {
		name : 'again',
		type : 'text',
		required : true,
		min : 1,
		max : 256
	},
	workshop : {
		name : 'workshop',
		type : 'text',
		required : true,
		min : 1,
		max : 40
	},
	role : {
		name : 'role',
		type : 'enum',
		required : true,
		values : [ 'viewer', 'maker', 'owner' ]
	},
};

/* A login as the server takes it: 1 to 64 of A-Z a-z 0-9 . _ @ - */
export function checkLogin(v) {
	return typeof v.login === 'string' && !/^[A-Za-z0-9._@-]{1,64}$/.test(v.login)
		? { login: 'Use letters, digits and . _ @ - only, with no spaces.' } : {};
}

/* The two passwords typed must be the same. */
export function checkAgain(v, first = 'password') {
	return typeof v[first] === 'string' && typeof v.again === 'string' && v[first] !== v.again
		? { again: 'The two passwords are not the same.' } : {};
}

/** Where ?next= sends the maker after logging in: a page of this app. */
export function nextHash(query) {
	const next = query.get('next') || '';
	if (!/^[\w\-/?=&%.,:+]*$/.test(next) || /^(login|setup)\b/.test(next))
		return href('');
	return `#/${next}`;
}

/* Why a login was refused, in words: the server's, or the wait. */
function refusalText(err) {
	if (!(err instanceof ApiError))
		return 'Something went wrong. Please try again.';
	if (err.status === 429 && err.code === 'too_many_tries' && err.retryAfter)
		return `Too many wrong passwords. Wait ${waitText(err.retryAfter)}, then try again.`;
	if (err.status === 429 && err.retryAfter)
		return `${sentence(err.message)} Wait ${waitText(err.retryAfter)}.`;
	return sentence(err.message);
}

/** #/login?next=…: log in. */
export function mountLogin(view, ctx) {
	const state = sessionState();
	if (state === 'local') {
		fill(view, pageHead({ title: 'Log in', lead: 'Nobody has an account here yet, so there is nothing to log in to: this computer uses smallrun as its owner.' }),
			h('p', {}, linkButton('Create the owner’s account', href('setup'), 'primary', { 'data-setup-offer': '' })));
		return;
	}
	if (state === 'in') {
		// Logged in already (in another tab, say): straight on.
		ctx.go(nextHash(ctx.query), { replace: true });
		return;
	}
	const alert = h('div', { class: 'form-error', role: 'alert', 'data-login-error': '' });
	// A hosted server holds many workshops: the login names its own.
	const hosted = loginNamesWorkshop();
	const form = buildForm({
		resource : 'login',
		fields : [
			...(hosted ? [ ACCOUNT_FIELDS.workshop ] : []),
			ACCOUNT_FIELDS.login,
			{...ACCOUNT_FIELDS.password, min : 1}
		],
		mode : 'create',
		needs : null,
		submitLabel : 'Log in',
		extra : alert,
		onSubmit : async (out) => {
			fill(alert);
			try {
				await logIn(out.login, out.password,
					    hosted ? String(out.workshop)
							     .trim()
							     .toLowerCase()
						   : null);
			} catch (err) {
				fill(alert, h('p', {}, h('strong', {}, 'Not logged in. '), refusalText(err)));
				form.input('password').value = '';
				form.input('password').focus();
				return;
			}
			ctx.go(nextHash(ctx.query), { replace: true });
		},
	});
	fill(view,
		pageHead({ title: 'Log in', lead: 'Each person at the workshop has their own login. Log in to see and change the workshop’s records.', flash: ctx.flash }),
		h('div', { class: 'form-page login', 'data-login': '' }, form.form,
			h('p', { class: 'muted login__forgot' },
				'Forgotten your password? Ask the workshop’s owner to set a new one. An owner resets their own on the computer smallrun runs on, with ',
				h('code', {}, 'smallrun user passwd LOGIN'), '.')));
}

/** #/setup: while nobody has an account, create the owner's. */
export function mountSetup(view, ctx) {
	if (sessionState() !== 'local') {
		fill(view, pageHead({ title: 'Create the owner’s account', lead: 'smallrun has accounts already. The owner adds everyone else on the Accounts page.' }),
			h('p', {}, linkButton(currentUser() ? 'Your account' : 'Log in', href(currentUser() ? 'account' : 'login'))));
		return;
	}
	const form = buildForm({
		resource: 'accounts',
		fields: [ACCOUNT_FIELDS.name, ACCOUNT_FIELDS.login, ACCOUNT_FIELDS.password, ACCOUNT_FIELDS.again],
		mode: 'create',
		needs: null,
		failText: 'Not created. ',
		submitLabel: 'Create the owner’s account',
		check: (v) => ({ ...checkLogin(v), ...checkAgain(v) }),
		onSubmit: async (out) => {
			const who = await api.setup({ name: out.name, login: out.login, password: out.password });
			setSession(who);
			ctx.go(href('accounts'), { flash: `You are the owner, logged in as ${who.login}. Add the others who work here, each with what they may do.`, replace: true });
		},
	});
	fill(view,
		pageHead({
			title: 'Create the owner’s account',
			back: { href: href('settings'), text: 'Settings' },
			lead: 'Until someone has an account, smallrun answers only this computer, and whoever sits at it may change anything. Once the owner’s account exists, everyone logs in, on this computer too, and smallrun may be opened from phones on the workshop’s network.',
		}),
		h('div', { class: 'form-page', 'data-setup': '' },
			h('p', {}, 'You will be the owner: you add the others and choose what each may do. Choose a password of 8 characters or more that nobody else knows.'),
			form.form));
}

/* ---- the header: who is logged in ------------------------------------- */

/** Keep el (in the header's menu) saying who is logged in, with "Log out". */
export function mountWho(el, go) {
	function draw() {
		const state = sessionState();
		const me = currentUser();
		if (state === 'local') {
			fill(el, h('a', { href: href('setup'), class: 'who__link', 'data-setup-offer': '' }, 'Set up logins'));
			return;
		}
		if (!me) {
			fill(el);
			return;
		}
		const out = h('button', { type: 'button', class: 'who__button', 'data-logout': '' }, 'Log out');
		out.addEventListener('click', async () => {
			out.setAttribute('aria-disabled', 'true');
			try {
				await logOut();
			} catch {
				// The cookie may outlive a server that is gone: forgotten here all the same.
			}
			go(href('login'), { flash: 'You are logged out.' });
		});
		fill(el,
			h('span', { class: 'who__name', 'data-who-name': '' },
				h('span', { class: 'visually-hidden' }, 'Logged in as '), me.name),
			h('a', { href: href('account'), class: 'who__link', 'data-nav-account': '' }, 'Your account'),
			out);
	}
	onSessionChange(draw);
	draw();
}
