// sales.test.mjs - the sales history and forecast page: a till's log
// uploaded through the page (a preview first, writing nothing: a product
// the workshop does not have yet is listed with a choice, then created at
// the price given; a gift voucher skipped), the result in words, demand by weekday worked
// out in the browser, and the forecast for the coming week as the API
// gives it. The test builds the till log itself, six weeks up to
// yesterday with a weekday pattern and nothing sold on Sundays, and
// computes what the page should say.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, AXE_CONTEXT, axeSerious, checkClean, field, gotoRoute, isoDay, openPage,
	press, screenshot, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let loaf;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// Units a day, Monday first; nothing on Sunday.
const PATTERN = {
	'Sourdough loaf': [3, 4, 5, 6, 9, 12, 0],
	'Cinnamon bun': [1, 1, 2, 2, 4, 6, 0],
};

/* 0 = Monday … 6 = Sunday, for YYYY-MM-DD. */
function weekday(iso) {
	return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

function nextDay(iso) {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/* The till log and what the import and the weekday averages should be. */
function tillLog() {
	const rows = ['Date,Time,Transaction,Item'];
	const daily = new Map(Object.keys(PATTERN).map((p) => [p, new Map()]));
	let tx = 1000;
	for (let n = 42; n >= 1; n--) {
		const date = isoDay(-n);
		for (const [product, units] of Object.entries(PATTERN)) {
			const q = units[weekday(date)];
			for (let i = 0; i < q; i++) {
				const minute = (i * 7) % 60;
				rows.push(`${date},${String(9 + (i % 8)).padStart(2, '0')}:${String(minute).padStart(2, '0')},${tx++},${product}`);
			}
			if (q > 0)
				daily.get(product).set(date, q);
		}
	}
	const dates = new Set();
	let pairs = 0;
	for (const m of daily.values()) {
		pairs += m.size;
		for (const d of m.keys())
			dates.add(d);
	}
	const averages = {};
	const exact = {};
	for (const [product, m] of daily) {
		const ds = [...m.keys()].sort();
		const sums = [0, 0, 0, 0, 0, 0, 0];
		const days = [0, 0, 0, 0, 0, 0, 0];
		for (let d = ds[0]; d <= ds[ds.length - 1]; d = nextDay(d)) {
			days[weekday(d)] += 1;
			sums[weekday(d)] += m.get(d) || 0;
		}
		averages[product] = sums.map((s, i) => (days[i] ? (Math.round((s / days[i]) * 10) / 10).toFixed(1) : '0.0'));
		exact[product] = sums.map((s, i) => (days[i] ? s / days[i] : 0));
	}
	return { csv: `${rows.join('\n')}\n`, rows: rows.length - 1, days: dates.size, sales: pairs, averages, exact };
}

const LOG = tillLog();
const FILE = { name: 'till.csv', mimeType: 'text/csv', buffer: Buffer.from(LOG.csv) };

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	const M = 480;
	await post('/api/v1/settings', { hours: { mon: M, tue: M, wed: M, thu: M, fri: M, sat: M, sun: 0 } }, 'PUT');
	// The loaf is known; the cinnamon bun is not.
	loaf = await post('/api/v1/products', { name: 'Sourdough loaf', mode: 'batch', price: 450, material_cost: 120, minutes_per_unit: 5 });
});

test('desktop: import a till log, create the unknown product, then weekday demand and the forecast', async () => {
	assert.ok(LOG.rows > 200 && LOG.rows < 600, `a few hundred rows: ${LOG.rows}`);
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'sales');
	await page.getByRole('link', { name: 'Import and forecast' }).click();
	await page.getByRole('heading', { level: 1, name: 'Sales history and forecast' }).waitFor();
	await waitIdle(page);
	assert.equal(new URL(page.url()).hash, '#/sales/forecast');
	assert.equal(await page.locator('[data-nav-item="sales"]').getAttribute('aria-current'), 'page');

	// Without a file, the page says so.
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	assert.match(await page.locator('[data-import-result]').innerText(), /Choose a CSV file first/);

	// The preview: what the file covers and the unknown product, with a
	// choice for it; nothing is written.
	await field(page, 'Sales file (CSV)').setInputFiles(FILE);
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	const preview = page.locator('[data-import-preview]');
	await preview.waitFor();
	assert.match(await preview.locator('[data-import-summary]').innerText(),
		new RegExp(`till\\.csv: ${LOG.rows} rows over ${LOG.days} days from .+ to .+, naming 2 products, 1 of them yours already\\.`));
	const choices = preview.locator('[data-table="import-choices"] tbody tr');
	assert.equal(await choices.count(), 1);
	assert.equal(await choices.first().getAttribute('data-import-name'), 'Cinnamon bun');
	assert.equal(await field(page, 'What to do with Cinnamon bun').inputValue(), 'create');
	assert.equal((await apiJSON(server, '/api/v1/sales')).body.total, 0, 'nothing imported yet');
	assert.equal((await apiJSON(server, '/api/v1/products')).body.total, 1, 'no product created yet');

	// A price that is not one is refused on the row, and nothing is sent.
	await field(page, `Price of Cinnamon bun in GBP`).fill('two pounds');
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.locator('[data-import-name="Cinnamon bun"] [role="alert"]').waitFor();
	assert.equal((await apiJSON(server, '/api/v1/sales')).body.total, 0);

	await field(page, `Price of Cinnamon bun in GBP`).fill('2.20');
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	const done = page.locator('[data-import-done]');
	await done.waitFor();
	assert.equal(await done.locator('strong').innerText(),
		`Added ${LOG.sales} sales for 2 products over ${LOG.days} days; 0 replaced with the file’s figure, 0 already there.`);
	assert.match(await done.innerText(), /New products: Cinnamon bun\./);
	assert.equal(await page.locator('[data-import-status]').innerText(), 'Import finished.');
	assert.equal((await apiJSON(server, '/api/v1/sales?limit=1000')).body.total, LOG.sales);
	// The price chosen is the bun's, and its sales are at it.
	const bun = (await apiJSON(server, '/api/v1/products?limit=100')).body.items.find((p) => p.name === 'Cinnamon bun');
	assert.equal(bun.price, 220);
	const bunSales = (await apiJSON(server, `/api/v1/sales?product_id=${bun.id}&limit=1000`)).body.items;
	assert.ok(bunSales.length > 0 && bunSales.every((x) => x.price === 220), 'the bun sold at 2.20');

	// The same file again: every name is known, and it adds nothing.
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	await page.waitForFunction(() => /naming 2 products, 2 of them/.test(document.querySelector('[data-import-summary]')?.textContent || ''));
	assert.match(await preview.innerText(), /Every name in the file is one of your products/);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.waitForFunction(() => /0 sales/.test(document.querySelector('[data-import-done] strong')?.textContent || ''));
	assert.equal(await page.locator('[data-import-done] strong').innerText(),
		`Added 0 sales for 2 products over ${LOG.days} days; 0 replaced with the file’s figure, ${LOG.sales} already there.`);
	assert.equal((await apiJSON(server, '/api/v1/sales?limit=1000')).body.total, LOG.sales);

	// A Windows-1252 till export: refused as not UTF-8, naming the line,
	// then read as Windows-1252 when the maker chooses it; its gift
	// voucher is suggested to skip, and skipped.
	const cp1252 = { name: 'windows.csv', mimeType: 'text/csv', buffer: Buffer.from(`Date,Time,Transaction,Item\r\n${isoDay(-3)},09:00:00,1,Caf\xe9 loaf\r\n${isoDay(-3)},09:01:00,2,Gift voucher\r\n`, 'latin1') };
	await field(page, 'Sales file (CSV)').setInputFiles(cp1252);
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	const refused = page.locator('[data-import-error]');
	await refused.waitFor();
	assert.match(await refused.innerText(), /windows\.csv, line 2: field 4 is not UTF-8 text/i);
	assert.match(await refused.innerText(), /choose Windows-1252 under Text encoding/);
	await field(page, 'Text encoding').selectOption('windows-1252');
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	await page.locator('[data-import-name="Café loaf"]').waitFor();
	assert.equal(await field(page, 'What to do with Gift voucher').inputValue(), 'skip');
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.locator('[data-import-created]').waitFor();
	assert.match(await page.locator('[data-import-created]').innerText(), /New products: Café loaf\./);
	assert.match(await page.locator('[data-import-skipped]').innerText(), /Left out: Gift voucher \(1 unit\)\./);
	assert.ok(!(await apiJSON(server, '/api/v1/products?limit=100')).body.items.some((p) => p.name === 'Gift voucher'), 'no Gift voucher product');
	await field(page, 'Text encoding').selectOption('utf-8');

	// Demand by weekday for each product: one table, a bar a row.
	const products = (await apiJSON(server, '/api/v1/products')).body.items;
	for (const name of Object.keys(PATTERN)) {
		const p = products.find((x) => x.name === name);
		await field(page, 'Product').selectOption(String(p.id));
		await page.locator('[data-table="weekday"]').waitFor();
		await waitIdle(page);
		const cells = await page.locator('[data-table="weekday"] tbody tr').evaluateAll((trs) =>
			trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]));
		assert.deepEqual(cells, WEEKDAYS.map((w, i) => [w, LOG.averages[name][i]]), `${name} weekday table`);
		// Each row's bar, as long against the longest as its average is against the largest.
		const bars = page.locator('[data-table="weekday"] [data-bar]');
		assert.equal(await bars.count(), 7);
		const widths = await bars.evaluateAll((ns) => ns.map((n) => n.firstChild.getBoundingClientRect().width / n.getBoundingClientRect().width));
		const most = Math.max(...LOG.exact[name]);
		for (let i = 0; i < 7; i++)
			assert.ok(Math.abs(widths[i] - LOG.exact[name][i] / most) < 0.01, `${name} ${WEEKDAYS[i]} bar: ${widths[i]}`);
	}

	// The forecast for the loaf: seven days, whole numbers, as the API says.
	await field(page, 'Product').selectOption(String(loaf.id));
	await page.locator('[data-table="forecast"]').waitFor();
	await waitIdle(page);
	const fc = (await apiJSON(server, `/api/v1/forecast?product=${loaf.id}&days=7`)).body;
	assert.equal(fc.days.length, 7);
	const rows = page.locator('[data-table="forecast"] tbody tr');
	assert.equal(await rows.count(), 7);
	for (let i = 0; i < 7; i++) {
		const d = fc.days[i];
		const row = rows.nth(i);
		assert.equal(await row.getAttribute('data-date'), d.date);
		const q = await row.locator('[data-quantity]').textContent();
		assert.match(q, /^\d+$/, 'a whole number');
		assert.equal(Number(q), d.quantity);
		assert.equal(await row.locator('[data-mean]').textContent(), (Math.round(d.mean * 10) / 10).toFixed(1));
		assert.equal(/\(closed\)/.test(await row.locator('th').textContent()), !d.open, `${d.date} closed or not`);
	}
	assert.ok(fc.days.some((d) => !d.open), 'Sunday is closed');
	assert.ok(fc.days.some((d) => d.quantity > 0), `something to make: ${JSON.stringify(fc)}`);
	if (fc.note)
		assert.match(await page.locator('[data-forecast-note]').innerText(), new RegExp(fc.note.slice(1, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
	// The chart: 28 actual days, then the 7 forecast days.
	await page.locator('[data-forecast-chart] svg').waitFor();
	assert.equal(await page.locator('[data-forecast-chart] [data-kind="actual"]').count(), 28);
	assert.equal(await page.locator('[data-forecast-chart] [data-kind="forecast"]').count(), 7);
	assert.equal(await page.locator(`[data-forecast-chart] [data-kind="actual"][data-day="${isoDay(-1)}"]`).count(), 1);
	await screenshot(page, 'sales-desktop', { fullPage: true });

	checkClean(watch, server.origin, {
		expectedErrors: ['400 POST /api/v1/sales/import?preview=true&name=windows.csv'],
	});
	await context.close();
});

test('phone: the sales forecast page fits, with 44 px targets', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, 'sales/forecast');
	await field(page, 'Product').selectOption(String(loaf.id));
	await page.locator('[data-table="forecast"]').waitFor();
	await waitIdle(page);
	await page.locator('[data-forecast-chart] svg').waitFor();
	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll');
	for (const target of [
		page.getByRole('button', { name: 'Check the file', exact: true }),
		field(page, 'Product'),
		field(page, 'Sales file (CSV)'),
		field(page, 'Text encoding'),
	]) {
		const box = await target.boundingBox();
		assert.ok(box.height >= 44, `44 px target: ${box.height}`);
	}
	await screenshot(page, 'sales-phone', { fullPage: true });
	checkClean(watch, server.origin);
	await context.close();
});

test('phone: the preview of a file with new names fits 390 px, each choice a 44 px target', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, 'sales/forecast');
	const day = isoDay(-2);
	const csv = `date,product,quantity\n${day},Sourdough loaf,3\n${day},Sourdough loafs,2\n${day},Adjustment,1\n${day},Lemon drizzle traybake with poppy seeds,4\n`;
	await field(page, 'Sales file (CSV)').setInputFiles({ name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByRole('button', { name: 'Check the file', exact: true }).click();
	await page.locator('[data-import-preview]').waitFor();
	await waitIdle(page);
	// Suggestions: a slip of the keys maps, bookkeeping skips, else create.
	assert.equal(await field(page, 'What to do with Sourdough loafs').inputValue(), 'map');
	assert.equal(await field(page, 'Product for Sourdough loafs').inputValue(), String(loaf.id));
	assert.equal(await field(page, 'What to do with Adjustment').inputValue(), 'skip');
	assert.equal(await field(page, 'What to do with Lemon drizzle traybake with poppy seeds').inputValue(), 'create');
	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll with the preview');
	for (const target of [
		field(page, 'What to do with Adjustment'),
		field(page, 'Product for Sourdough loafs'),
		field(page, 'Price of Lemon drizzle traybake with poppy seeds in GBP'),
		page.getByRole('button', { name: 'Import', exact: true }),
	]) {
		const box = await target.boundingBox();
		assert.ok(box.height >= 44, `44 px target: ${box.height}`);
		assert.ok(box.x >= 0 && box.x + box.width <= 390, `inside the screen: ${JSON.stringify(box)}`);
	}
	// Changing the choice shows the field it needs, by keyboard too.
	await field(page, 'What to do with Adjustment').selectOption('create');
	await field(page, 'Price of Adjustment in GBP').waitFor();
	assert.equal(await field(page, 'Product for Adjustment').isVisible(), false);
	await screenshot(page, 'sales-preview-phone', { fullPage: true });
	assert.equal((await apiJSON(server, '/api/v1/products?limit=100')).body.items.some((p) => /Lemon drizzle/.test(p.name)), false, 'the preview wrote nothing');
	checkClean(watch, server.origin);
	await context.close();
});

for (const device of ['phone', 'desktop']) {
	test(`${device}: axe finds nothing serious on the sales forecast page`, async (t) => {
		const { context, page, watch } = await openPage(browser, device, AXE_CONTEXT);
		await gotoRoute(page, server, 'sales/forecast');
		await field(page, 'Product').selectOption(String(loaf.id));
		await page.locator('[data-forecast-chart] svg').waitFor();
		await waitIdle(page);
		assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), []);
		checkClean(watch, server.origin);
		await context.close();
	});
}
