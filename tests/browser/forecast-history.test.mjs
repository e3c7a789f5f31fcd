// forecast-history.test.mjs - the sales page on a real bakery's history
// that ended years before today (issue 10, point 1): import the first
// eight weeks of a real bakery's till log (tests/data, cut from
// ../shared/data; or the file SMALLRUN_BAKERY_CSV names) through the page, pick Bread, and the
// forecast starts the day after the history and says so, no day is called
// closed, the expected figures are not zero and are the ones `smallrun
// forecast` gives on the same file; a start date picked on the page moves
// it. On a desktop and at 390 px wide.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import {
	apiJSON, apiOK, checkClean, field, gotoRoute, openPage, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

const BAKERY = process.env.SMALLRUN_BAKERY_CSV || new URL('../data/bakery-first-8-weeks.csv', import.meta.url).pathname;
const SLICE_END = '2016-12-25'; // the file's first eight weeks end the day before

/* The header and every row dated before SLICE_END; the last date in them. */
function slice() {
	const lines = readFileSync(BAKERY, 'utf8').split(/\r?\n/);
	const rows = lines.slice(1).filter((l) => l.length >= 10 && l.slice(0, 10) < SLICE_END);
	const last = rows.map((l) => l.slice(0, 10)).sort().pop();
	return { csv: `${[lines[0], ...rows].join('\n')}\n`, last };
}

function nextDay(iso) {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

let server;
let browser;
let data;
let cli; // `smallrun forecast` on the same slice, same price and cost
let dir;

setUpSuite(async (s) => {
	({ server, browser } = s);
	assert.ok(existsSync(BAKERY), `no bakery file at ${BAKERY} (set SMALLRUN_BAKERY_CSV)`);
	data = slice();
	dir = mkdtempSync(join(tmpdir(), 'smallrun-bakery-'));
	writeFileSync(join(dir, 'bakery.csv'), data.csv);
	cli = JSON.parse(execFileSync(process.env.SMALLRUN_BIN, ['forecast', '--sales', join(dir, 'bakery.csv'),
		'--product', 'Bread', '--price', '2.50', '--unit-cost', '0.70', '--json'], { encoding: 'utf8' }));
	rmSync(dir, { recursive: true, force: true });
});

/* The forecast table's rows as the page shows them. */
async function rows(page) {
	return page.locator('[data-table="forecast"] tbody tr').evaluateAll((trs) => trs.map((tr) => ({
		date: tr.getAttribute('data-date'),
		open: tr.getAttribute('data-open') === 'true',
		day: tr.querySelector('th').textContent,
		mean: Number(tr.querySelector('[data-mean]').textContent),
		quantity: Number(tr.querySelector('[data-quantity]').textContent),
	})));
}

async function pickBread(page, id) {
	await field(page, 'Product').selectOption(String(id));
	await page.locator('[data-table="forecast"]').waitFor();
	await waitIdle(page);
}

test('desktop: import the bakery, pick Bread: the forecast starts after the history, with real figures', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'sales/forecast');
	await field(page, 'Sales file (CSV)').setInputFiles({ name: 'bakery.csv', mimeType: 'text/csv', buffer: Buffer.from(data.csv) });
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	await page.locator('[data-import-preview]').waitFor();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.locator('[data-import-done]').waitFor();
	const bread = (await apiJSON(server, '/api/v1/products?name=Bread')).body.items[0];
	assert.ok(bread, 'Bread was created');

	// Unpriced, the figures are there and only the quantities are 0.
	await page.reload();
	await page.getByRole('heading', { level: 1, name: 'Sales history and forecast' }).waitFor();
	await waitIdle(page);
	await pickBread(page, bread.id);
	const after = nextDay(data.last);
	let shown = await rows(page);
	assert.equal(shown.length, 7);
	assert.equal(shown[0].date, after, 'starts the day after the last sale');
	for (const r of shown) {
		assert.ok(r.open && !/closed/.test(r.day), `${r.date} is not called closed`);
		assert.ok(r.mean > 0, `${r.date}: expected ${r.mean}`);
		assert.equal(r.quantity, 0, 'no price yet');
	}
	const warning = page.locator('[data-forecast-warning="history_ended"]');
	assert.match(await warning.innerText(), new RegExp(`end on ${data.last}.*starts the day after they end: ${after}`));
	assert.equal(await page.locator('[data-forecast-start]').getAttribute('data-forecast-start'), after);
	const history = Number(await page.locator('[data-history-days]').getAttribute('data-history-days'));
	assert.ok(history > 40 && history <= 56, `history days ${history}`);
	assert.match(await page.locator('[data-history-days]').innerText(), new RegExp(`^From ${history} days of sales history`));
	// The chart has the last four weeks of Bread's real sales in it.
	await page.locator('[data-forecast-chart] svg').waitFor();
	const heights = await page.locator('[data-forecast-chart] [data-kind="actual"]').evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('height'))));
	// Its days read as a UK maker reads them ("4 Nov"), never "11-04".
	const days = await page.locator('[data-forecast-chart] .chart__day').evaluateAll((ts) => ts.map((t) => t.textContent));
	assert.ok(days.length > 0);
	for (const d of days)
		assert.match(d, /^\d{1,2} [A-Z][a-z]{2,3}$/, `a chart day reads ${d}`);
	assert.equal(heights.length, 28);
	assert.ok(heights.filter((v) => v > 0).length > 20, 'the actual bars are not empty');

	// Priced as the CLI was told: the same days, quantities and first mean.
	await apiOK(server, `/api/v1/products/${bread.id}`, { price: 250, material_cost: 70, shelf_life_days: 1 }, 'PATCH');
	await field(page, 'Product').selectOption('');
	await pickBread(page, bread.id);
	shown = await rows(page);
	assert.equal(cli.from, after);
	assert.deepEqual(shown.map((r) => r.date), cli.days.map((d) => d.date));
	assert.deepEqual(shown.map((r) => r.open), cli.days.map((d) => d.open));
	assert.deepEqual(shown.map((r) => r.quantity), cli.days.map((d) => d.quantity));
	assert.ok(shown.every((r) => r.quantity > 0), 'something to make every day');
	assert.equal(shown[0].mean, Math.round(cli.days[0].mean * 10) / 10);

	// A start date the maker picks.
	await field(page, 'Start the forecast on').fill('2016-12-01');
	await page.waitForFunction(() => document.querySelector('[data-forecast-start]')?.getAttribute('data-forecast-start') === '2016-12-01');
	await waitIdle(page);
	shown = await rows(page);
	assert.equal(shown[0].date, '2016-12-01');
	assert.equal(await page.locator('[data-forecast-warning]').count(), 0, 'a start inside the history needs no warning');
	assert.ok(shown.every((r) => r.mean > 0 && r.quantity > 0));

	await field(page, 'Start the forecast on').fill('');
	await page.waitForFunction((d) => document.querySelector('[data-forecast-start]')?.getAttribute('data-forecast-start') === d, after);
	checkClean(watch, server.origin);
	await context.close();
});

test('390 px wide: the note and the figures fit the phone', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', { viewport: { width: 390, height: 844 } });
	await gotoRoute(page, server, 'sales/forecast');
	const bread = (await apiJSON(server, '/api/v1/products?name=Bread')).body.items[0];
	assert.ok(bread, 'the desktop test imported the bakery');
	await pickBread(page, bread.id);
	const shown = await rows(page);
	assert.equal(shown[0].date, nextDay(data.last));
	assert.ok(shown.every((r) => r.open && r.mean > 0), JSON.stringify(shown));
	const warning = page.locator('[data-forecast-warning="history_ended"]');
	assert.ok(await warning.isVisible());
	assert.match(await warning.innerText(), /starts the day after/);
	await page.locator('[data-forecast-chart] svg').waitFor();
	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll');
	const box = await field(page, 'Start the forecast on').boundingBox();
	assert.ok(box.height >= 44 && box.x + box.width <= 390, `the date field fits: ${JSON.stringify(box)}`);
	checkClean(watch, server.origin);
	await context.close();
});
