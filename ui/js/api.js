/* api.js - talk to the smallrun JSON API.
 *
 * Every call resolves to the parsed JSON body, or rejects with an ApiError
 * that carries the server's {"error": {code, message, field, details}} when
 * there is one, so pages can show the server's own words. Requests go to this
 * page's own origin only. Every write carries X-Smallrun: 1 (the server
 * refuses a write with the session cookie without it), and a 401
 * "unauthenticated" (no session, or one that has ended) is handed to the
 * handler session.js sets, which sends the maker to the login page. */

import { queryString } from './dom.js';

export class ApiError extends Error {
	/**
	 * @param {number} status HTTP status, or 0 when the server was not reached
	 * @param {string} code   the server's error code, or one of ours
	 * @param {string} message a sentence to show the user
	 * @param {string|null} field the input to blame, when the server names one
	 * @param {object|null} details what the message says, in data (409 in_use: used_by)
	 * @param {number|null} retryAfter seconds to wait, from a 429's Retry-After
	 */
	constructor(status, code, message, field = null, details = null, retryAfter = null) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.field = field;
		this.details = details;
		this.retryAfter = retryAfter;
	}
}

/** The header every write sends (the server's CSRF rule), as [name, value]. */
export const WRITE_HEADER = ['X-Smallrun', '1'];

/** Does this method change something (and so carry WRITE_HEADER)? */
export function isWrite(method) {
	return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

let onUnauthenticated = null;

/** Who to tell when the server says the session is gone (session.js). */
export function setUnauthenticatedHandler(fn) {
	onUnauthenticated = fn;
}

/*
 * The error of a refused answer: the server's words when it sent them.
 * A 401 "unauthenticated" is also handed to the handler; a wrong
 * password at login (401 wrong_login) is the page's own business.
 */
export function apiError(status, data, retryAfter = null) {
	const e = data && typeof data === 'object' ? data.error : null;
	const after = Number(retryAfter);
	const wait = Number.isInteger(after) && after > 0 ? after : null;
	const err = e && typeof e.message === 'string' && e.message !== ''
		? new ApiError(status, String(e.code || 'error'), e.message,
			typeof e.field === 'string' ? e.field : null,
			e.details && typeof e.details === 'object' ? e.details : null, wait)
		: new ApiError(status, `http_${status}`,
			`smallrun answered with an error (HTTP ${status}).`, null, null, wait);
	/* A hosted server's 401 says so beside the error (API.md 14a). */
	if (data && typeof data === 'object' &&
	    typeof data.hosted === 'boolean') {
		err.hosted = data.hosted;
		err.signup = data.signup === true;
	}
	if (status === 401 && err.code === 'unauthenticated' && onUnauthenticated)
		onUnauthenticated(err);
	return err;
}

async function request(method, path, body, signal = null) {
	const init = {
		method,
		headers: { Accept: 'application/json' },
		credentials: 'same-origin',
		cache: 'no-store',
	};
	if (isWrite(method))
		init.headers[WRITE_HEADER[0]] = WRITE_HEADER[1];
	if (signal)
		init.signal = signal;
	if (body !== undefined) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}

	let res;
	try {
		res = await fetch(path, init);
	} catch (err) {
		// A request the page called off (AbortController) is not a failure.
		if (err && err.name === 'AbortError')
			throw err;
		throw new ApiError(0, 'unreachable',
			'smallrun could not be reached. Check that it is still running, then try again.');
	}

	let data = null;
	const type = res.headers.get('Content-Type') || '';
	if (type.startsWith('application/json')) {
		try {
			data = await res.json();
		} catch {
			data = null;
		}
	}

	if (!res.ok)
		throw apiError(res.status, data, res.headers.get('Retry-After'));
	if (res.status === 204)
		return null;
	if (data === null || typeof data !== 'object')
		throw new ApiError(res.status, 'bad_response',
			'smallrun sent an answer this page could not read.');
	return data;
}

export function getJSON(path) {
	return request('GET', path);
}

export function postJSON(path, body) {
	return request('POST', path, body);
}

export function patchJSON(path, body) {
	return request('PATCH', path, body);
}

export function putJSON(path, body) {
	return request('PUT', path, body);
}

/** DELETE; resolves to null (204 No Content). */
export function deleteJSON(path) {
	return request('DELETE', path);
}

const V1 = '/api/v1';

/* A path under /api/v1 with each segment escaped and an optional query
 * object (entries that are null, undefined or '' are left out). */
function path(segments, query) {
	return `${V1}/${segments.map((s) => encodeURIComponent(String(s))).join('/')}${queryString(query)}`;
}

/* The endpoints this app uses, in one place. */
export const api =
	{
		/** GET /api/v1/questions -> {questions: [...], margin} */
		questions : () => getJSON('/api/v1/questions'),
		/**
		   POST /api/v1/advice with {answers: {id: value|null}} -> the
		   advice
		 */
		advice : (answers) => postJSON('/api/v1/advice', {answers}),

		/**
		   GET /api/v1/schema -> {resources: {name: {singular, fields,
		   filters, columns}}, units: {base: {unit: factor}}}
		 */
		schema : () => getJSON(path([ 'schema' ])),
		/** GET /api/v1/settings -> the settings object */
		settings : () => getJSON(path([ 'settings' ])),
		/**
		   PUT /api/v1/settings with the fields to change -> all
		   settings
		 */
		saveSettings : (body) => putJSON(path([ 'settings' ]), body),

		/**
		   GET /api/v1/{resource}?filters&limit&offset -> {items,
		   total, limit, offset}
		 */
		list : (resource, query) => getJSON(path([ resource ], query)),
		/** GET /api/v1/{resource}/{id} -> the record */
		get : (resource, id) => getJSON(path([ resource, id ])),
		/** POST /api/v1/{resource} -> the created record (201) */
		create : (resource, body) => postJSON(path([ resource ]), body),
		/**
		   PATCH /api/v1/{resource}/{id} with the changed fields -> the
		   record
		 */
		update : (resource, id, body) =>
			patchJSON(path([ resource, id ]), body),
		/**
		   PATCH /api/v1/{resource} {ids, set} -> {items, total}: all
		   or none
		 */
		updateMany : (resource, ids, set) =>
			patchJSON(path([ resource ]), {ids, set}),
		/** DELETE /api/v1/{resource}/{id} -> null (204) */
		remove : (resource, id) => deleteJSON(path([ resource, id ])),

		/** GET /api/v1/batches/{id}/materials -> {items, …} */
		batchMaterials : (id) =>
			getJSON(path([ 'batches', id, 'materials' ])),
		/**
		   POST /api/v1/batches/{id}/materials {material_id, quantity,
		   lot?} -> the use
		 */
		addBatchMaterial : (id, body) =>
			postJSON(path([ 'batches', id, 'materials' ]), body),
		/**
		   GET /api/v1/batches/{id}/consumption?made_qty -> what marking
		   it done would take (doc/API.md section 15a)
		 */
		batchConsumption : (id, made) =>
			getJSON(path([ 'batches', id, 'consumption' ],
				     made === undefined ? undefined : {made_qty: made})),
		/**
		   POST /api/v1/batches/{id}/done {made_qty?, rejected_qty?,
		   uses?, short?} -> {batch, uses, warnings}
		 */
		batchDone : (id, body) =>
			postJSON(path([ 'batches', id, 'done' ]), body),
		/**
		   GET /api/v1/orders/{id}/consumption -> what marking the order
		   done would take, for its quantity
		 */
		orderConsumption : (id) =>
			getJSON(path([ 'orders', id, 'consumption' ])),
		/**
		   POST /api/v1/orders/{id}/done {uses?, short?} -> {order,
		   uses, warnings}
		 */
		orderDone : (id, body) =>
			postJSON(path([ 'orders', id, 'done' ]), body),
		/** GET /api/v1/batches/{id}/cost -> real cost and estimate */
		batchCost : (id) => getJSON(path([ 'batches', id, 'cost' ])),
		/**
		   GET /api/v1/batches/{id}/label?layout -> what one label
		   says (doc/API.md section 16)
		 */
		batchLabel : (id, layout) =>
			getJSON(path([ 'batches', id, 'label' ], {layout})),
		/**
		   GET /api/v1/products/{id}/ingredients -> {ingredients: [runs],
		   text, allergens, may_contain, complete, missing}
		 */
		ingredients : (id) =>
			getJSON(path([ 'products', id, 'ingredients' ])),
		/**
		   GET /api/v1/batches/{id}/trace -> {batch, product,
		   materials, sales, customers}
		 */
		batchTrace : (id) => getJSON(path([ 'batches', id, 'trace' ])),
		/**
		   GET /api/v1/trace?lot=LOT -> {lot, batches: [trace…],
		   customers}
		 */
		traceLot : (lot) => getJSON(path([ 'trace' ], {lot})),
		/** GET /api/v1/trace?code=CODE -> one batch's trace */
		traceCode : (code) => getJSON(path([ 'trace' ], {code})),
		/**
		   GET /api/v1/lots?q&limit&offset -> {items: [{lot, batches}],
		   total, limit, offset}
		 */
		lots : (query) => getJSON(path([ 'lots' ], query)),

		/**
		   GET /api/v1/stock?retired&soon_days&limit&offset ->
		   {products, batches: {items, total, limit, offset},
		   low_materials, storage, expiring_lots, soon_days, warnings}
		 */
		stock : (query) => getJSON(path([ 'stock' ], query)),

		/** GET /api/v1/timer?worker= -> {running: [...]} */
		timer : (worker) => getJSON(path([ 'timer' ], {worker})),
		/**
		   POST /api/v1/timer/start {worker, order_id | batch_id}
		   -> {started, stopped}
		 */
		timerStart : (body) =>
			postJSON(path([ 'timer', 'start' ]), body),
		/** POST /api/v1/timer/stop {worker} -> the stopped entry */
		timerStop : (worker) =>
			postJSON(path([ 'timer', 'stop' ]), {worker}),

		/**
		   GET /api/v1/products/{id}/recipe?quantity -> the recipe
		   expanded, with costs
		 */
		recipe : (id, quantity) =>
			getJSON(path([ 'products', id, 'recipe' ], {quantity})),

		/**
		   GET /api/v1/demo -> {loaded, loaded_at, empty, added}: the
		   sample workshop
		 */
		demo : () => getJSON(path([ 'demo' ])),
		/**
		   POST /api/v1/demo {} -> {loaded_at, workshop_name, records,
		   total} (201)
		 */
		loadDemo : () => postJSON(path([ 'demo' ]), {}),
		/**
		   DELETE /api/v1/demo -> {removed, total}: start afresh (409
		   not_only_sample)
		 */
		removeDemo : () => deleteJSON(path([ 'demo' ])),

		/**
		   GET /api/v1/economics?retired -> {products: [economics…],
		   workshop, warnings: [shared, each once]}
		 */
		economics : (query) => getJSON(path([ 'economics' ], query)),
		/**
		   GET /api/v1/products/{id}/economics -> one product's
		   economics
		 */
		productEconomics : (id) =>
			getJSON(path([ 'products', id, 'economics' ])),
		/**
		 * POST /api/v1/economics/what-if {product_id?, price?, …} ->
		 * the same shape for those numbers; nothing is stored. signal
		 * (an AbortSignal) calls it off, rejecting with an AbortError.
		 */
		whatIf : (body, signal) => request(
			'POST', path([ 'economics', 'what-if' ]), body, signal),

		/**
		   GET /api/v1/session -> who {id, login, name, role},
		   or {setup: true} with no account yet
		 */
		session : () => getJSON(path([ 'session' ])),
		/**
		   POST /api/v1/session {login, password, workshop?} -> who;
		   sets the session cookie (workshop: a hosted server's)
		 */
		login : (body) => postJSON(path([ 'session' ]), body),
		/** DELETE /api/v1/session -> null; this session ended */
		logout : () => deleteJSON(path([ 'session' ])),
		/**
		   POST /api/v1/setup {name, login, password} -> who: the first
		   owner, logged in
		 */
		setup : (body) => postJSON(path([ 'setup' ]), body),
		/**
		   GET /api/v1/sessions -> {items: [{id, created_at,
		   last_used_at, user_agent, address, current}], total}
		 */
		sessions : () => getJSON(path([ 'sessions' ])),
		/** DELETE /api/v1/sessions/{id} -> null */
		endSession : (id) => deleteJSON(path([ 'sessions', id ])),
		/** DELETE /api/v1/sessions -> null: logged out everywhere */
		endSessions : () => deleteJSON(path([ 'sessions' ])),
		/**
		   GET /api/v1/tokens -> {items: [{id, name, kind, created_at,
		   last_used_at}], total}
		 */
		tokens : () => getJSON(path([ 'tokens' ])),
		/**
		   POST /api/v1/tokens {name, kind} -> the token with its
		   secret, this once
		 */
		createToken : (body) => postJSON(path([ 'tokens' ]), body),
		/** DELETE /api/v1/tokens/{id} -> null */
		revokeToken : (id) => deleteJSON(path([ 'tokens', id ])),
		/**
		   PUT /api/v1/account/password {current, new} -> null; other
		   sessions end
		 */
		changePassword : (body) =>
			putJSON(path([ 'account', 'password' ]), body),
		/**
		   GET /api/v1/accounts?limit&offset -> {items: [{id, name,
		   login, role, created_at}], total}
		 */
		accounts : (query) => getJSON(path([ 'accounts' ], query)),
		/**
		   POST /api/v1/accounts {name, login, password, role} -> the
		   account
		 */
		createAccount : (body) => postJSON(path([ 'accounts' ]), body),
		/**
		   PATCH /api/v1/accounts/{id} {name?, login?, role?} -> the
		   account
		 */
		updateAccount : (id, body) =>
			patchJSON(path([ 'accounts', id ]), body),
		/** DELETE /api/v1/accounts/{id} -> null */
		removeAccount : (id) => deleteJSON(path([ 'accounts', id ])),
		/**
		   PUT /api/v1/accounts/{id}/password {password} -> null; their
		   sessions end
		 */
		resetPassword : (id, password) => putJSON(
			path([ 'accounts', id, 'password' ]), {password}),
		/**
		   GET /api/v1/audit?actor&resource&record_id&limit&offset
		   -> {items, total, limit, offset}
		 */
		audit : (query) => getJSON(path([ 'audit' ], query)),
		/**
		   GET /api/v1/addresses -> {network, listen, items: [{url,
		   qr_svg}], total, message, command}: where a phone opens
		   smallrun
		 */
		addresses : () => getJSON(path([ 'addresses' ])),

		/**
		   POST /api/v1/purchases/{id}/receive {received_on?, lines?:
		   [{line_id, quantity?, lot?, expires_on?}]} -> {purchase
		   (with its lines), lots}: goods came
		 */
		receive : (id, body) =>
			postJSON(path([ 'purchases', id, 'receive' ]), body),
		/**
		   GET /api/v1/to-buy?days -> {from, to, days, total,
		   estimated, groups: [{supplier…, materials: […]}]}
		 */
		toBuy : (days) => getJSON(path([ 'to-buy' ], {days})),
		/**
		   POST /api/v1/to-buy/orders {days?, supplier_ids?} ->
		   {items: [purchases with lines], total}
		 */
		orderToBuy : (body) =>
			postJSON(path([ 'to-buy', 'orders' ]), body),
	};
