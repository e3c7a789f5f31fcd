/* api.js - talk to the smallrun JSON API.
 *
 * Every call resolves to the parsed JSON body, or rejects with an ApiError
 * that carries the server's {"error": {code, message, field}} when there is
 * one, so pages can show the server's own words. Requests go to this
 * page's own origin only. */

export class ApiError extends Error {
	/**
	 * @param {number} status HTTP status, or 0 when the server was not reached
	 * @param {string} code   the server's error code, or one of ours
	 * @param {string} message a sentence to show the user
	 * @param {string|null} field the input to blame, when the server names one
	 */
	constructor(status, code, message, field = null) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.field = field;
	}
}

async function request(method, path, body) {
	const init = {
		method,
		headers: { Accept: 'application/json' },
		credentials: 'same-origin',
		cache: 'no-store',
	};
	if (body !== undefined) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}

	let res;
	try {
		res = await fetch(path, init);
	} catch {
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
				typeof e.field === 'string' ? e.field : null);
		throw new ApiError(res.status, `http_${res.status}`,
			`smallrun answered with an error (HTTP ${res.status}).`);
	}
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

/* The endpoints this app uses, in one place. */
export const api = {
	/** GET /api/v1/questions -> {questions: [...], margin} */
	questions: () => getJSON('/api/v1/questions'),
	/** POST /api/v1/advice with {answers: {id: value|null}} -> the advice */
	advice: (answers) => postJSON('/api/v1/advice', { answers }),
};
