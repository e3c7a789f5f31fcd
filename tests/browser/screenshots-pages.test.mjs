// screenshots-pages.test.mjs - pictures of the record-keeping and planning
// pages, filled in by the sample workshop (POST /api/v1/demo), on a desktop
// and a phone. They always go to tests/browser/screenshots/ (not
// committed); with SMALLRUN_DOC_SCREENSHOTS=1 they also replace the ones in
// doc/screens/ that the README links to.
//
// Each page is checked before its picture is taken: it shows the sample's
// records (a heading and no error), the console stays clean and the phone
// picture does not scroll sideways, so a picture in doc/ never shows a
// broken page.

import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import {
	apiOK, checkClean, DOC_DIR, field, gotoRoute, openPage, screenshot, SCREENSHOT_DIR, setUpSuite, sidewaysOverflow,
} from './helpers.mjs';

const UPDATE_DOC = process.env.SMALLRUN_DOC_SCREENSHOTS === '1';
const MAX_BYTES = 400 * 1024;

// The page, what must be on it once it has loaded, and the picture's name.
const PAGES = [
	{ route: 'plan', name: 'plan', shows: /late|on time/i },
	{ route: 'orders', name: 'orders', shows: /Due/ },
	{ route: 'numbers', name: 'numbers', shows: /an hour/i },
	{ route: 'sales/forecast', name: 'forecast', shows: /The 7 days from/, prepare: pickProduct },
	{ route: 'batches', name: 'batches', shows: /Done|Planned/ },
	{ route: 'stock', name: 'stock', shows: /on hand|left/i },
	{ route: 'orders/new', name: 'promise', shows: /You can promise|earliest/i, prepare: askPromise },
];

let server;
let browser;

// A new order of a day's work, due in ten days, and the promise for it,
// shown from the answer's first option down.
async function askPromise(page) {
	const customers = await apiOK(server, '/api/v1/customers?limit=1');
	const due = new Date(Date.now() + 10 * 86400e3);
	const p = (x) => String(x).padStart(2, '0');
	await field(page, 'Customer').selectOption(String(customers.items[0].id));
	await field(page, 'What it is').fill('Cherry bench');
	await field(page, 'Due date').fill(`${due.getFullYear()}-${p(due.getMonth() + 1)}-${p(due.getDate())}`);
	await field(page, 'Agreed price').fill('600.00');
	await field(page, 'Estimated time').fill('8:00');
	await page.getByRole('button', { name: 'When can I promise it?' }).click();
	const lead = page.locator('[data-promise-lead]');
	await lead.waitFor();
	await lead.evaluate((n) => { n.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); });
}

// The forecast page asks for a product: the one most of the sample's
// latest sales are of, its chart and table shown from the picker down.
async function pickProduct(page) {
	const sales = await apiOK(server, '/api/v1/sales?limit=100');
	const n = new Map();
	for (const { product_id: id } of sales.items)
		n.set(id, (n.get(id) || 0) + 1);
	const most = [...n].sort((a, b) => b[1] - a[1])[0][0];
	const select = page.locator('[data-sales-product]');
	await select.selectOption(String(most));
	await page.locator('[data-table="forecast"]').waitFor();
	await select.evaluate((n) => { n.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); });
}

setUpSuite((s) => ({ server, browser } = s));

test('the sample workshop loads', async () => {
	const answer = await apiOK(server, '/api/v1/demo', {});
	assert.ok(answer, 'POST /api/v1/demo answered');
});

async function save(page, name) {
	const png = await screenshot(page, name);
	assert.ok(png.length < MAX_BYTES, `${name}.png is ${png.length} bytes`);
	if (UPDATE_DOC) {
		const dir = join(DOC_DIR, 'screens');
		await mkdir(dir, { recursive: true });
		await copyFile(join(SCREENSHOT_DIR, `${name}.png`), join(dir, `${name}.png`));
	}
}

for (const device of ['desktop', 'phone']) {
	test(`${device} pictures of the sample's pages`, async () => {
		const options = device === 'desktop' ? { viewport: { width: 1280, height: 900 } } : {};
		const { context, page, watch } = await openPage(browser, device, options);
		for (const { route, name, shows, prepare } of PAGES) {
			await gotoRoute(page, server, route);
			await page.evaluate(() => window.scrollTo(0, 0));
			if (prepare)
				await prepare(page);
			const main = page.locator('main');
			await assert.doesNotReject(main.getByText(shows).filter({ visible: true }).first().waitFor({ timeout: 5000 }),
				`${route} shows the sample (${shows})`);
			assert.equal(await page.locator('[role="alert"]:visible').count(), 0, `${route} shows no error`);
			if (device === 'phone')
				assert.equal(await sidewaysOverflow(page), 0, `${route} scrolls sideways on a phone`);
			await page.evaluate(() => document.activeElement?.blur());
			await save(page, `page-${name}-${device}`);
		}
		checkClean(watch, server.origin);
		await context.close();
	});
}
