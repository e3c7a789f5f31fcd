// helpers.mjs - shared set-up for the browser tests.
//
// Each test file starts its own smallrun server (port 0, a temporary
// database directory, no access log) and its own chromium (Debian's, never
// a downloaded one), and watches every page it opens: each request must stay
// on the server's own origin, and no console error, page error or failed
// request may go unnoticed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const SCREENSHOT_DIR = join(here, 'screenshots');
export const DOC_DIR = join(here, '..', '..', 'doc');

// ---- the server -----------------------------------------------------------

/**
 * Start `smallrun serve` on an ephemeral loopback port with a fresh
 * database. Resolves to {url, origin, db, stop}; stop() sends SIGTERM,
 * waits, removes the temporary directory and resolves to {code, signal,
 * stderr}. Options: listen ('0.0.0.0:0' listens on every address; the
 * url stays 127.0.0.1's), args (more options for serve),
 * beforeStart(db), awaited on the new database before the server starts
 * (an owner must exist before it listens beyond loopback), and db (a
 * database of the caller's, a postgresql:// URI, in place of a new file).
 */
export async function startServer({ listen = '127.0.0.1:0', args = [], beforeStart = null, db = null } = {}) {
	const bin = process.env.SMALLRUN_BIN;
	assert.ok(bin, 'set SMALLRUN_BIN to the smallrun binary (make browser does)');

	const dir = await mkdtemp(join(tmpdir(), 'smallrun-browser-'));
	const where = db || join(dir, 'test.db');
	if (beforeStart)
		await beforeStart(where);
	const child = spawn(bin, ['serve', '--listen', listen,
		'--db', where, '--access-log', 'off', ...args],
	{ stdio: ['ignore', 'pipe', 'pipe'] });

	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk) => { stderr += chunk; });

	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve({ code, signal }));
	});

	const lines = createInterface({ input: child.stdout });
	const firstLine = new Promise((resolve, reject) => {
		lines.once('line', resolve);
		exited.then(({ code, signal }) => reject(new Error(
			`smallrun exited before it was ready (code ${code}, signal ${signal}): ${stderr}`)));
		setTimeout(() => reject(new Error(`smallrun did not start in 10 s: ${stderr}`)), 10_000).unref();
	});
	// Keep reading stdout so the server never blocks on a full pipe.
	lines.on('line', () => {});

	let line;
	try {
		line = await firstLine;
	} catch (err) {
		child.kill('SIGKILL');
		await rm(dir, { recursive: true, force: true });
		throw err;
	}
	const m = /^smallrun is running at http:\/\/(?:127\.0\.0\.1|0\.0\.0\.0)(:\d+\/)$/.exec(line);
	assert.ok(m, `unexpected first line from smallrun: ${JSON.stringify(line)}`);
	const url = `http://127.0.0.1${m[1]}`;

	return {
		url,
		origin: new URL(url).origin,
		db: where,
		async stop() {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			const result = await exited;
			clearTimeout(timer);
			await rm(dir, { recursive: true, force: true });
			return { ...result, stderr };
		},
	};
}

/**
 * Add an account as the owner does on the command line: `smallrun user
 * add` on the server's own database, the password on stdin. Resolves
 * when the command has exited 0.
 */
export async function addUser(server, { login, name = login, role, password }) {
	const child = spawn(process.env.SMALLRUN_BIN, ['user', 'add', '--db', server.db,
		'--login', login, '--name', name, '--role', role, '--password-stdin'],
	{ stdio: ['pipe', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk) => { stderr += chunk; });
	child.stdin.end(`${password}\n`);
	const code = await new Promise((resolve) => child.on('exit', resolve));
	assert.equal(code, 0, `smallrun user add ${login}: ${stderr}`);
}

/**
 * Log a browser context in (the cookie lands in the context, as a login
 * from the page would leave it). Resolves to who.
 */
export async function logInContext(context, server, login, password) {
	const res = await context.request.post(new URL('/api/v1/session', server.url).href, {
		data: { login, password },
	});
	assert.equal(res.status(), 200, `log in as ${login}: ${await res.text()}`);
	return res.json();
}

/** GET/POST JSON from the test process itself (not through the page). */
export async function apiJSON(server, path, body, method = body === undefined ? 'GET' : 'POST') {
	const init = body === undefined ? { method } : {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	};
	const res = await fetch(new URL(path, server.url), init);
	return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

/** apiJSON() that must succeed (200 or 201); resolves to the body. */
export async function apiOK(server, path, body, method) {
	const res = await apiJSON(server, path, body, method);
	assert.ok(res.status === 200 || res.status === 201, `${path}: ${JSON.stringify(res.body)}`);
	return res.body;
}

/** The questionnaire as the API serves it. */
export async function getQuestions(server) {
	const res = await apiJSON(server, '/api/v1/questions');
	assert.equal(res.status, 200);
	return res.body.questions;
}

// ---- the set-up each test file shares ---------------------------------------

/**
 * Register the file's before() and after() hooks: before starts a server
 * on a fresh database and a chromium (and reads the questionnaire when
 * questions is true), then calls ready({server, browser, questions}),
 * which keeps them in the file's own variables and may seed the workshop;
 * after closes the browser and stops the server, which must exit 0.
 */
export function setUpSuite(ready, { questions = false } = {}) {
	const suite = {};
	before(async () => {
		suite.server = await startServer();
		suite.browser = await launchBrowser();
		if (questions)
			suite.questions = await getQuestions(suite.server);
		await ready(suite);
	});
	after(async () => {
		await suite.browser?.close();
		if (suite.server) {
			const { code, signal, stderr } = await suite.server.stop();
			assert.equal(code, 0, `smallrun should exit 0 on SIGTERM (signal ${signal}): ${stderr}`);
		}
	});
}

// ---- the browser ----------------------------------------------------------

const CHROMIUM = {
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
		'--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync'],
};

export function launchBrowser() {
	return chromium.launch(CHROMIUM);
}

/**
 * A browser context with JavaScript switched off the way a user would,
 * in the profile's content settings. (Playwright's javaScriptEnabled:
 * false stops scripts but still parses <noscript> as if they ran.)
 * Resolves to {context, close}; close() also removes the profile.
 */
export async function launchWithoutJavaScript(device) {
	const profile = await mkdtemp(join(tmpdir(), 'smallrun-nojs-'));
	await mkdir(join(profile, 'Default'));
	await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({
		profile: { default_content_setting_values: { javascript: 2 } },
	}));
	const context = await chromium.launchPersistentContext(profile, { ...CHROMIUM, ...DEVICES[device] });
	return {
		context,
		async close() {
			await context.close();
			await rm(profile, { recursive: true, force: true });
		},
	};
}

// Reduced motion keeps the marker from sliding while a test measures it,
// and exercises the page's prefers-reduced-motion path.
export const DEVICES = {
	phone: {
		viewport: { width: 375, height: 812 },
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2,
		reducedMotion: 'reduce',
	},
	desktop: {
		viewport: { width: 1280, height: 800 },
		deviceScaleFactor: 1,
		reducedMotion: 'reduce',
	},
};

/**
 * Open a new context and page for a device and start watching it.
 * Resolves to {context, page, watch}; watch holds requests, bad responses,
 * console errors and page errors for checkClean().
 */
export async function openPage(browser, device, options = {}) {
	const context = await browser.newContext({ ...DEVICES[device], ...options });
	const page = await context.newPage();
	return { context, page, watch: watchPage(page) };
}

/* Record what a page requests and every error it shows. */
export function watchPage(page) {
	const watch = { requests: [], badResponses: [], consoleErrors: [], pageErrors: [], failed: [] };

	page.on('request', (r) => watch.requests.push(r.url()));
	page.on('response', (r) => {
		if (r.status() >= 400)
			watch.badResponses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
	});
	// A request the page itself gave up on (navigating away, or an
	// AbortController cancelling a stale one) is not a failure.
	page.on('requestfailed', (r) => {
		const why = r.failure()?.errorText ?? '';
		if (why !== 'net::ERR_ABORTED')
			watch.failed.push(`${r.url()}: ${why}`);
	});
	page.on('console', (msg) => {
		if (msg.type() === 'error')
			watch.consoleErrors.push(msg.text());
	});
	page.on('pageerror', (err) => watch.pageErrors.push(String(err)));
	return watch;
}

/**
 * Assert that everything the page asked for stayed on origin, nothing was
 * refused by the Content-Security-Policy or thrown, and the only HTTP
 * errors were the expected ones (e.g. ["400 POST /api/v1/advice"]).
 */
export function checkClean(watch, origin, { expectedErrors = [], allowFailed = false } = {}) {
	assert.ok(watch.requests.length > 0, 'the page made no request at all');
	const foreign = watch.requests.filter((u) => !u.startsWith(`${origin}/`));
	assert.deepEqual(foreign, [], `requests left ${origin}`);

	const bad = watch.badResponses.map((s) => s.replace(origin, ''));
	assert.deepEqual(bad, expectedErrors, 'unexpected HTTP error responses');
	if (!allowFailed)
		assert.deepEqual(watch.failed, [], 'requests failed');

	// Chromium logs each 4xx/5xx fetch as a console error; those were checked
	// above. Anything else (a CSP refusal, a script error) is a failure.
	const errors = watch.consoleErrors.filter((t) =>
		!/^Failed to load resource: the server responded with a status of [45]\d\d/.test(t) &&
		!(allowFailed && /^Failed to load resource: net::/.test(t)));
	assert.deepEqual(errors, [], 'console errors');
	assert.deepEqual(watch.pageErrors, [], 'uncaught page errors');
}

/** Go to the calculator and wait until its questions are on the page. */
export async function gotoCalculator(page, server) {
	await page.goto(server.url);
	await page.locator('[data-calculator][data-state="ready"]').waitFor();
}

// ---- the workshop pages ------------------------------------------------------

/** Today's local date, and n days from it, as YYYY-MM-DD. */
export function isoDay(n = 0) {
	const d = new Date();
	d.setDate(d.getDate() + n);
	const p = (x) => String(x).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Fill a workshop through the API, for tests that look at pages rather
 * than build them: a customer, a product with a shelf life, flour, an
 * overdue order and one due next week, a batch made and partly sold with
 * the flour's lot. Resolves to the records created.
 */
export async function seedWorkshop(server) {
	const post = (path, body, method) => apiOK(server, path, body, method);
	const customer = await post('/api/v1/customers', { name: 'Mary Anning', email: 'mary@example.org', phone: '01632 960555' });
	const product = await post('/api/v1/products', { name: 'Cherry bakewell', mode: 'batch', price: 325, shelf_life_days: 4, storage_per_unit: 2 });
	const material = await post('/api/v1/materials', { name: 'Ground almonds', unit: 'g', on_hand: 3000, reorder_level: 2000 });
	const late = await post('/api/v1/orders', { customer_id: customer.id, title: 'Birthday cake', due_date: isoDay(-2), price: 4500, estimated_minutes: 180, status: 'accepted' });
	const soon = await post('/api/v1/orders', { customer_id: customer.id, product_id: product.id, title: 'Tray of bakewells', due_date: isoDay(6), quantity: 12 });
	const batch = await post('/api/v1/batches', { product_id: product.id, run_date: isoDay(0), planned_qty: 20 });
	await post(`/api/v1/batches/${batch.id}`, { made_qty: 18, rejected_qty: 1, status: 'done', qc_notes: 'Even bake' }, 'PATCH');
	await post(`/api/v1/batches/${batch.id}/materials`, { material_id: material.id, quantity: 1500, lot: 'ALM-2231' });
	const sale = await post('/api/v1/sales', { batch_id: batch.id, customer_id: customer.id, quantity: 5, price: 325 });
	await post('/api/v1/settings', { storage_capacity: 20 }, 'PUT'); // 12 left × 2 = 24: over
	return { customer, product, material, late, soon, batch, sale };
}

/** Open a page of the app by its address after # ("orders/3"). */
export async function gotoRoute(page, server, route) {
	await page.goto(`${server.url}#/${route}`);
	await page.locator('[data-outlet]:not([hidden]) h1, [data-page]:not([hidden]) h1').first().waitFor();
	await waitIdle(page);
}

/** Wait until nothing shown on the page says it is still loading. */
export async function waitIdle(page) {
	await page.waitForFunction(() => ![...document.querySelectorAll('[aria-busy="true"], [data-loading]')]
		.some((n) => n.getClientRects().length > 0));
}

/**
 * Go to a page through the main menu, as a person would: on a phone the
 * menu is behind the "Menu" button.
 */
export async function navigate(page, name, device) {
	const menu = page.getByRole('button', { name: 'Menu' });
	if (device === 'phone' && await menu.isVisible()) {
		await menu.tap();
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).tap();
	} else {
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
	}
	await page.waitForFunction((n) =>
		document.querySelector('[data-nav-item][aria-current="page"]')?.textContent.trim() === n, name);
	await waitIdle(page);
}

/** Tap on a phone, click on a desktop. */
export async function press(locator, device) {
	if (device === 'phone')
		await locator.tap();
	else
		await locator.click();
}

/** The form field (input, select or textarea) whose label starts with label. */
export function field(scope, label) {
	return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

/** The error text shown beside a field, through its aria-describedby. */
export async function fieldError(locator) {
	return locator.evaluate((n) => {
		if (n.getAttribute('aria-invalid') !== 'true')
			return null;
		return (n.getAttribute('aria-describedby') || '').split(/\s+/)
			.map((id) => document.getElementById(id))
			.filter((e) => e && e.classList.contains('field__error'))
			.map((e) => e.textContent.replace(/^!\s*/, '').trim()).join(' ') || null;
	});
}

/**
 * Controls matched by selector that are smaller than 44 × 44 px, each
 * described by its tag, text and size (hidden ones aside).
 */
export function smallTargets(page, selector) {
	return page.evaluate((sel) => {
		const small = [];
		for (const node of document.querySelectorAll(sel)) {
			const r = node.getBoundingClientRect();
			if (r.width === 0 && r.height === 0)
				continue;
			if (r.height < 44 || r.width < 44)
				small.push(`${node.tagName} "${(node.textContent || node.name || '').trim().slice(0, 30)}": ${Math.round(r.width)}x${Math.round(r.height)}`);
		}
		return small;
	}, selector);
}

/** How far the page scrolls sideways (0 is right). */
export function sidewaysOverflow(page) {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// ---- the keyboard ----------------------------------------------------------

/** What has focus (null: nothing but the page), and whether it shows a focus ring. */
export function focused(page) {
	return page.evaluate(() => {
		const a = document.activeElement;
		if (!a || a === document.body)
			return null;
		// Radios show their ring on the label around them.
		const ringed = a.type === 'radio' ? a.closest('label') : a;
		const style = getComputedStyle(ringed);
		return {
			tag: a.tagName.toLowerCase(),
			type: a.type || null,
			name: a.name || null,
			value: a.value || null,
			checked: a.checked === true,
			id: a.id || null,
			text: (a.textContent || '').trim(),
			inNav: Boolean(a.closest('nav[aria-label="Main"]')),
			ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
		};
	});
}

/** Press key (Tab or Shift+Tab) until want(focused) holds; fail after max presses. */
export async function tabTo(page, want, what, key = 'Tab', max = 60) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(key);
		const f = await focused(page);
		if (f && want(f))
			return f;
	}
	throw new Error(`${key} never reached ${what}`);
}

// ---- answering ------------------------------------------------------------

/** The radio for question id's answer value, found by its visible label. */
export function radioFor(page, questions, id, value) {
	const q = questions.find((x) => x.id === id);
	assert.ok(q, `no question ${id}`);
	const a = q.answers.find((x) => x.value === value);
	assert.ok(a, `question ${id} has no answer ${value}`);
	return page.getByRole('group', { name: q.text })
		.getByRole('radio', { name: a.label, exact: true });
}

/** Answer questions by tapping (phone) or clicking (desktop) the labels. */
export async function answer(page, questions, answers, device) {
	for (const [id, value] of Object.entries(answers)) {
		const radio = radioFor(page, questions, id, value);
		if (device === 'phone')
			await radio.tap();
		else
			await radio.click();
		assert.equal(await radio.isChecked(), true, `${id}=${value} should be checked`);
	}
}

/** The answer values that lean one way for each question. */
export function leaning(questions, side) {
	const out = {};
	for (const q of questions) {
		const a = q.answers.find((x) => x.leans === side);
		assert.ok(a, `question ${q.id} has no answer leaning ${side}`);
		out[q.id] = a.value;
	}
	return out;
}

// ---- what the rules say -------------------------------------------------------

/**
 * What DESIGN.md §5 says a set of answers must give, worked out from the
 * rules themselves: {is} when a rule fixes the recommendation, and {not}
 * for what rules 3 and 4 forbid.
 */
export function expectedByDesign(a) {
	const not = new Set();
	if (a.storage === 'no')
		not.add('batch'); // rule 3
	if (a.customization === 'yes')
		not.add('batch'); // rule 4

	let is = null;
	if (a.customization === 'yes' && a.under_an_hour === 'yes' && a.ten_a_day === 'no' &&
	    a.storage === 'no' && a.values === 'personal')
		is = 'job'; // rule 1
	else if (a.customization === 'no' && a.under_an_hour === 'no' && a.ten_a_day === 'yes' &&
		 a.storage === 'yes' && a.values === 'consistency')
		is = 'batch'; // rule 1
	else if (a.customization === 'yes' && a.ten_a_day === 'no')
		is = 'job'; // rule 5
	else if (a.customization === 'yes' && a.ten_a_day === 'yes' && a.storage === 'yes')
		is = 'mixed'; // rule 6
	else if (a.customization === 'no' && a.ten_a_day === 'yes' && a.storage === 'yes' &&
		 a.values === 'consistency')
		is = 'batch'; // rule 7
	return { is, not };
}

/** What the result title must say for each recommendation. */
export const TITLE = {
	job: /job production/i,
	batch: /batch production/i,
	mixed: /mixed/i,
};

/**
 * Job points minus batch points for the given answers, from the weights
 * and leanings the questionnaire publishes, and the largest possible
 * total (every weight).
 */
export function expectedBalance(questions, answers) {
	let balance = 0;
	let max = 0;
	for (const q of questions) {
		max += q.weight;
		const value = answers[q.id];
		if (value === undefined || value === null)
			continue;
		const a = q.answers.find((x) => x.value === value);
		balance += a.leans === 'job' ? q.weight : -q.weight;
	}
	return { balance, max };
}

// ---- accessibility --------------------------------------------------------

/**
 * Run axe-core on the page; return the serious and critical violations,
 * and report every violation through log (t.diagnostic).
 *
 * addScriptTag({path}) injects an inline script, which the server's
 * Content-Security-Policy (rightly) refuses: open pages for axe with
 * openPage(..., AXE_CONTEXT). The other tests run under the real policy
 * and fail on any CSP refusal, so the page axe sees is the same.
 */
export const AXE_CONTEXT = { bypassCSP: true };

export async function axeSerious(page, log) {
	await page.addScriptTag({ path: AXE_PATH });
	const result = await page.evaluate(() =>
		window.axe.run(document, { resultTypes: ['violations'] }));
	const describe = (v) => `${v.impact} ${v.id}: ${v.help}\n` +
		v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n');
	for (const v of result.violations)
		log(`axe: ${describe(v)}`);
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(describe);
}

// ---- screenshots ------------------------------------------------------------

/** Save a screenshot under tests/browser/screenshots/ (gitignored). */
export async function screenshot(page, name, options = {}) {
	await mkdir(SCREENSHOT_DIR, { recursive: true });
	return page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), ...options });
}
