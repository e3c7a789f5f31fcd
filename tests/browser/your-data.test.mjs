// your-data.test.mjs - what only the command line did before: days off
// (reached from Settings and the Plan, added, changed and deleted by tapping
// on a phone, shown on the plan), and "Your data" on Settings: a backup and
// each kind of record as a CSV file, taken through the browser's download.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, gotoRoute, isoDay, openPage,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

const run = promisify(execFile);
const TARGETS = 'button, select, input, textarea, a.button, .related a';

let server;
let browser;

setUpSuite(async (s) => {
	({ server, browser } = s);
	await apiOK(server, '/api/v1/products', { name: 'Rye loaf', price: 450 });
	await apiOK(server, '/api/v1/products', { name: '=Oak, "stool"', price: 12000, mode: 'job' });
});

test('phone: a day off from Settings, changed and deleted, and shown on the plan', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
	const day = isoDay(2);
	await gotoRoute(page, server, 'settings');
	await page.locator('[data-days-off]').tap();
	await page.getByRole('heading', { level: 1, name: 'Days off' }).waitFor();
	await waitIdle(page);
	await page.getByRole('link', { name: 'Add your first day off' }).tap();
	await page.getByRole('heading', { level: 1, name: 'Add a day off' }).waitFor();
	await waitIdle(page);
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the form');
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await smallTargets(page, TARGETS), []);
	await field(page, 'Date').fill(day);
	await field(page, 'Reason').fill('Craft fair');
	await page.getByRole('button', { name: 'Add a day off' }).tap();
	await page.locator('[data-flash]').waitFor();
	await waitIdle(page);
	let stored = (await apiJSON(server, '/api/v1/days-off')).body.items;
	assert.equal(stored.length, 1);
	assert.equal(stored[0].date, day);
	assert.equal(stored[0].note, 'Craft fair');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the list');
	assert.equal(await sidewaysOverflow(page), 0);

	// The plan says so on that day, and links back to the list.
	await gotoRoute(page, server, 'plan');
	const off = page.locator('[data-day-off]');
	await off.waitFor();
	assert.match(await off.innerText(), /Day off: Craft fair/);
	await page.locator('[data-days-off]').tap();
	await page.getByRole('heading', { level: 1, name: 'Days off' }).waitFor();
	await waitIdle(page);

	// Change it: the record's page is named by its date.
	await page.locator(`[data-table="days-off"] tr[data-id="${stored[0].id}"] th a`).tap();
	await page.getByRole('button', { name: 'Save changes' }).waitFor();
	await field(page, 'Reason').fill('Bank holiday');
	await page.getByRole('button', { name: 'Save changes' }).tap();
	await page.locator('[data-flash]').waitFor();
	stored = (await apiJSON(server, '/api/v1/days-off')).body.items;
	assert.equal(stored[0].note, 'Bank holiday');

	await page.getByRole('button', { name: 'Delete this day off' }).tap();
	await page.getByRole('button', { name: 'Yes, delete it' }).tap();
	await page.getByRole('heading', { level: 1, name: 'Days off' }).waitFor();
	await page.locator('[data-flash]').waitFor();
	stored = (await apiJSON(server, '/api/v1/days-off')).body.items;
	assert.equal(stored.length, 0);
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: "Your data" downloads a backup that opens, and each kind of record as CSV', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', { ...AXE_CONTEXT, acceptDownloads: true });
	const dir = await mkdtemp(join(tmpdir(), 'smallrun-downloads-'));
	try {
		await gotoRoute(page, server, 'settings');
		const section = page.locator('[data-your-data]');
		await section.getByRole('heading', { name: 'Your data' }).waitFor();
		assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on Settings');

		const [backup] = await Promise.all([
			page.waitForEvent('download'),
			section.getByRole('link', { name: 'Download a backup' }).click(),
		]);
		assert.match(backup.suggestedFilename(), /^smallrun-\d{4}-\d\d-\d\d\.sqlite$/);
		const copy = join(dir, backup.suggestedFilename());
		await backup.saveAs(copy);
		const bytes = await readFile(copy);
		assert.equal(bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
		// smallrun itself opens the copy, with the products in it.
		const { stdout } = await run(process.env.SMALLRUN_BIN, ['product', 'list', '--json', '--db', copy]);
		const names = JSON.parse(stdout).items.map((p) => p.name).sort();
		assert.deepEqual(names, ['=Oak, "stool"', 'Rye loaf'].sort());

		const [csv] = await Promise.all([
			page.waitForEvent('download'),
			section.getByRole('link', { name: 'Products', exact: true }).click(),
		]);
		assert.equal(csv.suggestedFilename(), 'products.csv');
		const file = join(dir, 'products.csv');
		await csv.saveAs(file);
		const text = await readFile(file, 'utf8');
		const lines = text.split('\r\n');
		assert.match(lines[0], /^id,name,mode,price,.*,retired,ingredient,.*,date_mark,vat_bp$/);
		// The maker's names, the formula guarded with an apostrophe, the
		// comma and quotes quoted (RFC 4180); prices in pounds.
		// No label fields set: four empty texts, not food, a best-before
		// date; no VAT rate of its own.
		assert.ok(lines.includes('1,Rye loaf,both,4.50,0.00,0,0,,,0,0,,,,,0,best_before,'), text);
		assert.ok(lines.some((l) => l.startsWith('2,"\'=Oak, ""stool""",job,120.00,')), text);

		// Every link on the list is its own file. (Chromium asks before a
		// page's third download, so the rest are fetched as the link says.)
		const links = await section.locator('[data-export]').evaluateAll((as) =>
			as.map((a) => ({ name: a.dataset.export, href: a.href, download: a.getAttribute('download') })));
		const kinds = links.map((l) => l.name);
		// Every kind `smallrun export` writes, the invoices among them.
		for (const kind of ['days-off', 'settings', 'recipe-lines', 'purchases', 'material-lots', 'quotes', 'invoices'])
			assert.ok(kinds.includes(kind), `${kind} in ${kinds.join()}`);
		for (const l of links) {
			assert.equal(l.download, `${l.name}.csv`);
			const res = await page.request.get(l.href);
			assert.equal(res.status(), 200, l.href);
			assert.equal(res.headers()['content-disposition'], `attachment; filename="${l.name}.csv"`);
			assert.match(res.headers()['content-type'], /^text\/csv/);
		}
		checkClean(watch, server.origin);
	} finally {
		await context.close();
		await rm(dir, { recursive: true, force: true });
	}
});
