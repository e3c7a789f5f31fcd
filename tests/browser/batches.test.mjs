// batches.test.mjs - a batch from plan to recall on a 1280 px desktop, by
// clicking: a product with a shelf life, a batch with made and rejected
// counts and QC notes, flour used from a supplier's lot, sales to two
// customers, the batch's trace (both customers with their quantities),
// the trace by lot, and the stock page's count of what is left. Expected
// numbers are worked out here from what the test typed.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, checkClean, field, gotoRoute, isoDay, navigate, openPage, screenshot, setUpSuite,
	waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

const PRODUCT = 'Seeded rye loaf';
const SHELF_LIFE = 5;
const PLANNED = 24;
const MADE = 22;
const REJECTED = 2;
const FLOUR_ON_HAND = 25000;
const FLOUR_USED = 9000;
const LOT = 'MILL-4471';
const SALES = [
	{ name: 'Grace Hopper', email: 'grace@example.org', phone: '01632 960001', quantity: 6 },
	{ name: 'Alan Turing', email: 'alan@example.org', phone: '01632 960002', quantity: 4 },
];

/* Add a record through its "Add …" page and wait for the list. */
async function addThrough(page, route, button, fields) {
	await gotoRoute(page, server, route);
	for (const [label, value] of fields) {
		const f = field(page, label);
		if (await f.evaluate((n) => n.tagName) === 'SELECT')
			await f.selectOption(value);
		else
			await f.fill(value);
	}
	await page.getByRole('button', { name: button }).click();
	await page.locator('[data-flash]').waitFor();
	await waitIdle(page);
}

test('desktop: run a batch, sell it to two customers, trace it by batch and by lot', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');

	// The things a batch needs: a product with a shelf life, flour, customers.
	await addThrough(page, 'products/new', 'Add a product', [
		['Name', PRODUCT], ['How you make it', 'batch'], ['Selling price', '4.20'],
		['Shelf life in days', String(SHELF_LIFE)]]);
	assert.match(await page.locator('[data-table="products"]').innerText(), new RegExp(`${PRODUCT}[^]*£4\\.20`));
	await addThrough(page, 'materials/new', 'Add a material', [
		['Name', 'Dark rye flour'], ['Counted in', 'g'], ['In stock', String(FLOUR_ON_HAND)],
		['Reorder when down to', '20000']]);
	for (const c of SALES) {
		await addThrough(page, 'customers/new', 'Add a customer', [
			['Name', c.name], ['Email', c.email], ['Phone', c.phone]]);
	}

	// Plan the batch from the Batches page.
	await navigate(page, 'Batches', 'desktop');
	await page.getByRole('link', { name: 'Plan your first batch' }).click();
	await page.getByRole('heading', { level: 1, name: 'Plan a batch' }).waitFor();
	await waitIdle(page);
	await field(page, 'Product').selectOption({ label: PRODUCT });
	const runDate = isoDay(0);
	assert.equal(await field(page, 'Run date').inputValue(), runDate, 'the run date starts at today');
	await field(page, 'Planned quantity').fill(String(PLANNED));
	await page.getByRole('button', { name: 'Plan the batch' }).click();
	await page.getByRole('heading', { level: 1, name: /^Batch / }).waitFor();
	await waitIdle(page);
	const batch = (await apiJSON(server, '/api/v1/batches')).body.items[0];
	assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Batch ${batch.code}`);
	assert.equal(batch.planned_qty, PLANNED);
	assert.equal(batch.best_before, isoDay(SHELF_LIFE), 'best before is the run date plus the shelf life');

	// Record the run: made, rejected, QC notes, done.
	const run = page.locator('[data-section="run"]');
	await field(run, 'Made').fill(String(MADE));
	await field(run, 'Rejected').fill(String(REJECTED));
	await field(run, 'Quality notes').fill('Two loaves split on top; crumb fine');
	await field(run, 'Status').selectOption('done');
	await run.getByRole('button', { name: 'Save the run' }).click();
	await run.locator('[data-section-message]').filter({ hasText: 'Run saved.' }).waitFor();
	const available = MADE - REJECTED;
	assert.equal(await page.locator('[data-batch-facts] [data-available]').innerText(), String(available));
	// The page says that "made" counts the rejects, and how "available" comes about.
	assert.match(await page.locator('[data-batch-facts]').innerText(), /rejects included/);
	assert.equal((await page.locator('[data-batch-facts] [data-available-sum]').innerText()).trim(),
		`= ${MADE} made − ${REJECTED} rejected − 0 sold`);

	// Flour used, with the supplier's lot.
	const mat = page.locator('[data-section="materials"]');
	await field(mat, 'Material').selectOption({ label: 'Dark rye flour (g)' });
	await field(mat, 'Quantity used').fill(String(FLOUR_USED));
	await field(mat, 'Supplier lot').fill(LOT);
	await mat.getByRole('button', { name: 'Add material use' }).click();
	await mat.locator('[data-section-message]').waitFor();
	assert.match(await mat.locator('[data-table="batch-materials"]').innerText(), new RegExp(`Dark rye flour[^]*9,000 g[^]*${LOT}`));
	const flour = (await apiJSON(server, '/api/v1/materials')).body.items[0];
	assert.equal(flour.on_hand, FLOUR_ON_HAND - FLOUR_USED, 'the use came off the flour in stock');

	// Sell from it to two customers with the quick sale form.
	for (const sale of SALES) {
		const sell = page.locator('[data-section="sales"]');
		await field(sell, 'Customer').selectOption({ label: sale.name });
		assert.equal(await field(sell, 'Price').inputValue(), '4.20', 'the price starts at the product price');
		await field(sell, 'Quantity').fill(String(sale.quantity));
		await sell.getByRole('button', { name: 'Record the sale' }).click();
		await page.locator('[data-section="sales"] [data-section-message]')
			.filter({ hasText: `Sold ${sale.quantity} to ${sale.name}.` }).waitFor();
	}
	const sold = SALES.reduce((n, s) => n + s.quantity, 0);
	const left = MADE - REJECTED - sold;
	assert.equal(await page.locator('[data-batch-facts] [data-available]').innerText(), String(left));
	assert.equal(await page.locator('[data-table="batch-sales"] tbody tr').count(), SALES.length);
	await screenshot(page, 'desktop-batch', { fullPage: true });

	// The trace: the lot and both customers with what each received.
	await page.getByRole('link', { name: 'Trace this batch' }).click();
	await page.getByRole('heading', { level: 1, name: `Trace of batch ${batch.code}` }).waitFor();
	await waitIdle(page);
	assert.match(await page.locator('[data-table="lots"]').innerText(), new RegExp(`Dark rye flour[^]*${LOT}`));
	const recall = page.locator('[data-table="recall"]');
	for (const s of SALES) {
		const row = recall.locator('tbody tr').filter({ hasText: s.name });
		assert.match(await row.innerText(), new RegExp(`${s.email}[^]*${s.phone}[^]*${s.quantity}`));
		assert.equal(await row.locator('[data-quantity]').getAttribute('data-quantity'), String(s.quantity));
	}
	assert.match(await page.locator('[data-recall-summary]').innerText(),
		new RegExp(`2 customers received ${sold} in all\\. ${left} are still in stock\\.`));
	assert.ok(await page.getByRole('button', { name: 'Print the recall list' }).isVisible());
	await screenshot(page, 'desktop-batch-trace', { fullPage: true });

	// On paper: the list without buttons or menus.
	await page.emulateMedia({ media: 'print' });
	assert.equal(await page.getByRole('button', { name: 'Print the recall list' }).isVisible(), false);
	assert.equal(await page.locator('nav').first().isVisible(), false);
	assert.ok(await recall.isVisible(), 'the recall list prints');
	await page.emulateMedia({ media: 'screen' });

	// Trace by lot: the lot links to it, and the page lists batch and customers.
	await page.getByRole('link', { name: new RegExp(`Lot ${LOT}`) }).click();
	await page.locator(`[data-lot="${LOT}"]`).waitFor();
	await waitIdle(page);
	assert.match(page.url(), new RegExp(`#/trace\\?lot=${LOT}$`));
	assert.match(await page.locator('[data-lot-summary]').innerText(), new RegExp(`Used by 1 batch\\. 2 customers received ${sold}`));
	assert.equal(await page.locator(`[data-trace-batch="${batch.code}"]`).count(), 1);
	const lotRecall = page.locator('#lot-recall-h + * [data-table="recall"], [aria-labelledby="lot-recall-h"] [data-table="recall"]').first();
	for (const s of SALES)
		assert.match(await lotRecall.innerText(), new RegExp(`${s.name}[^]*${s.quantity}`));

	// And typed in by hand, the way a supplier's warning arrives.
	await field(page, 'Supplier lot').fill('NO-SUCH-LOT');
	await page.getByRole('button', { name: 'Find the batches' }).click();
	await page.getByRole('heading', { name: 'No batch used lot “NO-SUCH-LOT”' }).waitFor();
	await page.goBack();
	await page.locator(`[data-lot="${LOT}"]`).waitFor();

	// A batch code finds its trace too.
	await field(page, 'Batch code').fill(batch.code);
	await page.getByRole('button', { name: 'Open its trace' }).click();
	await page.getByRole('heading', { level: 1, name: `Trace of batch ${batch.code}` }).waitFor();

	// Stock: made − rejected − sold, from this batch, with its best before.
	await navigate(page, 'Stock', 'desktop');
	const goods = page.locator('[data-table="goods"]');
	const row = goods.locator('tbody tr').filter({ hasText: PRODUCT });
	assert.equal(await row.locator('[data-available]').getAttribute('data-available'), String(left));
	assert.match(await row.locator(`[data-batch-code="${batch.code}"]`).innerText(), new RegExp(`${left} left, best before`));
	// The flour is now under its reorder level (25000 − 9000 = 16000 ≤ 20000).
	assert.match(await page.locator('[data-reorder]').innerText(), /Dark rye flour: 16,000 g left, reorder at 20,000 g/);
	const stock = (await apiJSON(server, '/api/v1/stock')).body;
	assert.equal(stock.products.find((p) => p.name === PRODUCT).available, left);

	checkClean(watch, server.origin);
	await context.close();
});
