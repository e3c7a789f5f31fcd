/* session.js - who is using smallrun in this browser, and what they may do.
 *
 * GET /api/v1/session says one of three things: nobody has an account yet
 * ({"setup": true}: this computer alone, as the owner), who is logged in
 * ({id, login, name, role}), or 401 (log in first). The roles' rights
 * below mirror the server's table (lib/auth.c); the server still checks
 * every request, so this only decides what the pages offer. The role is
 * also set on <html data-role>, where app.css hides whatever is marked
 * data-needs="write", "delete" or "owner" and the person may not do. */

import { api, ApiError } from './api.js';

/* What each role may do. A maker's "delete" is only what they made: the
 * server refuses the rest with its own words. */
const RIGHTS = {
	viewer: new Set(['read']),
	maker: new Set(['read', 'write', 'delete']),
	owner: new Set(['read', 'write', 'delete', 'owner']),
};

/* What a role is, for people: "Ann, a maker". */
export const ROLE_TEXT = {
	owner: 'an owner',
	maker: 'a maker',
	viewer: 'a viewer',
};

/* What each role may do, in words, for the accounts page. */
export const ROLE_HINT = {
	owner: 'everything: accounts, settings, prices and deleting anything',
	maker: 'records, the timer, sales and the plan; deletes only what they made; no settings or accounts',
	viewer: 'looks at everything, changes nothing',
};

/*
 * state: "local" (no account yet: this computer, as owner), "in" (who is
 * set), "out" (must log in), or "unknown" (the server could not be asked:
 * pages show their own errors, and nothing is hidden).
 */
let state = 'unknown';
let who = null;
/* A hosted server (many workshops, API.md 14a): a login names its
 * workshop. Said by every answer of GET /api/v1/session, its 401 too. */
let hosted = false;
const listeners = [];

/** Does a login here name its workshop (a hosted server)? */
export function loginNamesWorkshop()
{
	return hosted;
}

/* Keep what an answer (or a 401's body) says of the server. */
function noteHosting(data)
{
	if (data && typeof data.hosted === 'boolean')
		hosted = data.hosted;
}

function changed() {
	document.documentElement.dataset.role = state === 'in' ? who.role : state === 'out' ? 'out' : 'owner';
	for (const fn of listeners)
		fn();
}

/** Call fn whenever who is logged in changes. */
export function onSessionChange(fn) {
	listeners.push(fn);
}

/** "local", "in", "out" or "unknown" (see above). */
export function sessionState() {
	return state;
}

/** The person logged in, {id, login, name, role}, or null. */
export function currentUser() {
	return state === 'in' ? who : null;
}

/** Do accounts exist here (so each person logs in)? */
export function accountsOn() {
	return state === 'in' || state === 'out';
}

/**
 * May the person here do this? need: "read", "write", "delete" or
 * "owner". With no account yet this computer may do everything.
 */
export function may(need) {
	if (state === 'in')
		return (RIGHTS[who.role] || RIGHTS.viewer).has(need);
	return state !== 'out';
}

/** Why a page is read-only for this person, in words, or null. */
export function readOnlyReason(need) {
	if (may(need) || state !== 'in')
		return null;
	return need === 'owner' || who.role === 'maker'
		? `Only the workshop’s owner changes this; you are logged in as ${who.name}, ${ROLE_TEXT[who.role]}.`
		: `You are logged in as ${who.name}, a viewer: you can look at everything but not change it.`;
}

/** Take what GET /api/v1/session (or a login) answered. */
export function setSession(data) {
	noteHosting(data);
	if (data && data.setup === true) {
		state = 'local';
		who = null;
	} else if (data && typeof data.login === 'string') {
		state = 'in';
		who = { id: data.id, login: data.login, name: data.name || data.login, role: data.role };
	} else {
		state = 'out';
		who = null;
	}
	changed();
}

/** Nobody is logged in any more (a 401, or logging out). */
export function setLoggedOut() {
	if (state === 'out')
		return;
	state = 'out';
	who = null;
	changed();
}

/** Ask the server who is here. Never rejects. */
export async function loadSession() {
	try {
		setSession(await api.session());
	} catch (err) {
		if (err instanceof ApiError && err.status === 401) {
			noteHosting(err);
			setLoggedOut();
		} else {
			state = 'unknown';
			changed();
		}
	}
}

/**
 * Log in (to workshop, on a hosted server); resolves to who, rejects
 * with the server's ApiError.
 */
export async function logIn(login, password, workshop = null)
{
	const data = await api.login(workshop ? {login, password, workshop}
					      : {login, password});
	setSession(data);
	return data;
}

/** Log out here; the cookie is cleared whatever the answer. */
export async function logOut() {
	try {
		await api.logout();
	} finally {
		setLoggedOut();
	}
}
