/* api.js - talk to the smallrun JSON API.
 *
 * Every call resolves to the parsed JSON body, or rejects with an ApiError
 * that carries the server's {"error": {code, message, field, details}} when
 * there is one, so pages can show the server's own words. Requests go to this
 * page's own origin only. */

import { queryString } from './dom.js';

export class ApiError extends Error {
	/**
	 * @param {number} status HTTP status, or 0 when the server was not reached
	 * @param {string} code   the server's error code, or one of ours
	 * @param {string} message a sentence to show the user
	 * @param {string|null} field the input to blame, when the server names one
	 * @param {object|null} details what the message says, in data (409 in_use: used_by)
	 */
	constructor(status, code, message, field = null, details = null) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.field = field;
		this.details = details;
	}
}

async function request(method, path, body, signal = null) {
	const init = {
		method,
		headers: { Accept: 'application/json' },
		credentials: 'same-origin',
		cache: 'no-store',
	};
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

	if (!res.ok) {
		const e = data && typeof data === 'object' ? data.error : null;
		if (e && typeof e.message === 'string' && e.message !== '')
			throw new ApiError(res.status, String(e.code || 'error'), e.message,
				typeof e.field === 'string' ? e.field : null,
				e.details && typeof e.details === 'object' ? e.details : null);
		throw new ApiError(res.status, `http_${res.status}`,
			`smallrun answered with an error (HTTP ${res.status}).`);
	}
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
export const api = {
	/** GET /api/v1/questions -> {questions: [...], margin} */
	questions: () => getJSON('/api/v1/questions'),
	/** POST /api/v1/advice with {answers: {id: value|null}} -> the advice */
	advice: (answers) => postJSON('/api/v1/advice', { answers }),

	/** GET /api/v1/schema -> {resources: {name: {singular, fields, filters, columns}}, units: {base: {unit: factor}}} */
	schema: () => getJSON(path(['schema'])),
	/** GET /api/v1/settings -> the settings object */
	settings: () => getJSON(path(['settings'])),
	/** PUT /api/v1/settings with the fields to change -> all settings */
	saveSettings: (body) => putJSON(path(['settings']), body),

	/** GET /api/v1/{resource}?filters&limit&offset -> {items, total, limit, offset} */
	list: (resource, query) => getJSON(path([resource], query)),
	/** GET /api/v1/{resource}/{id} -> the record */
	get: (resource, id) => getJSON(path([resource, id])),
	/** POST /api/v1/{resource} -> the created record (201) */
	create: (resource, body) => postJSON(path([resource]), body),
	/** PATCH /api/v1/{resource}/{id} with the changed fields -> the record */
	update: (resource, id, body) => patchJSON(path([resource, id]), body),
	/** PATCH /api/v1/{resource} {ids, set} -> {items, total}: all or none */
	updateMany: (resource, ids, set) => patchJSON(path([resource]), { ids, set }),
	/** DELETE /api/v1/{resource}/{id} -> null (204) */
	remove: (resource, id) => deleteJSON(path([resource, id])),

	/** GET /api/v1/batches/{id}/materials -> {items, …} */
	batchMaterials: (id) => getJSON(path(['batches', id, 'materials'])),
	/** POST /api/v1/batches/{id}/materials {material_id, quantity, lot?} -> the use */
	addBatchMaterial: (id, body) => postJSON(path(['batches', id, 'materials']), body),
	/** GET /api/v1/batches/{id}/trace -> {batch, product, materials, sales, customers} */
	batchTrace: (id) => getJSON(path(['batches', id, 'trace'])),
	/** GET /api/v1/trace?lot=LOT -> {lot, batches: [trace…], customers} */
	traceLot: (lot) => getJSON(path(['trace'], { lot })),
	/** GET /api/v1/trace?code=CODE -> one batch's trace */
	traceCode: (code) => getJSON(path(['trace'], { code })),
	/** GET /api/v1/lots?q&limit&offset -> {items: [{lot, batches}], total, limit, offset} */
	lots: (query) => getJSON(path(['lots'], query)),

	/** GET /api/v1/stock?retired&limit&offset -> {products, batches: {items, total, limit, offset}, low_materials, storage} */
	stock: (query) => getJSON(path(['stock'], query)),

	/** GET /api/v1/timer?worker= -> {running: [...]} */
	timer: (worker) => getJSON(path(['timer'], { worker })),
	/** POST /api/v1/timer/start {worker, order_id | batch_id} -> {started, stopped} */
	timerStart: (body) => postJSON(path(['timer', 'start']), body),
	/** POST /api/v1/timer/stop {worker} -> the stopped entry */
	timerStop: (worker) => postJSON(path(['timer', 'stop']), { worker }),

	/** GET /api/v1/products/{id}/recipe?quantity -> the recipe expanded, with costs */
	recipe: (id, quantity) => getJSON(path(['products', id, 'recipe'], { quantity })),

	/** GET /api/v1/demo -> {loaded, loaded_at, empty, added}: the sample workshop */
	demo: () => getJSON(path(['demo'])),
	/** POST /api/v1/demo {} -> {loaded_at, workshop_name, records, total} (201) */
	loadDemo: () => postJSON(path(['demo']), {}),
	/** DELETE /api/v1/demo -> {removed, total}: start afresh (409 not_only_sample) */
	removeDemo: () => deleteJSON(path(['demo'])),

	/** GET /api/v1/economics?retired -> {products: [economics…], workshop, warnings: [shared, each once]} */
	economics: (query) => getJSON(path(['economics'], query)),
	/** GET /api/v1/products/{id}/economics -> one product's economics */
	productEconomics: (id) => getJSON(path(['products', id, 'economics'])),
	/**
	 * POST /api/v1/economics/what-if {product_id?, price?, …} -> the same
	 * shape for those numbers; nothing is stored. signal (an AbortSignal)
	 * calls it off, rejecting with an AbortError.
	 */
	whatIf: (body, signal) => request('POST', path(['economics', 'what-if']), body, signal),
};
