// record-links.test.mjs - record pages that connect: a customer's page
// lists their orders and purchases, a material's page its uses and lots,
// a product's page links to its numbers, batches and orders; a refused
// delete names each record in the way as a link to it, and a refused sale
// the batch it names; a product made to order hides its batch-only
// fields, keeping what they hold.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, axeSerious, checkClean, field, gotoRoute, isoDay, openPage, seedWorkshop,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle, AXE_CONTEXT,
} from './helpers.mjs';

// What must be 44 px on a phone, as pages.test.mjs counts it (links inside
// a sentence or a table cell are inline, so exempt), and this page's lists.
const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, .site-nav a, a.button, .linked-list a';

let server;
let browser;
let seed;

setUpSuite(async (s) => {
	({ server, browser } = s);
	seed = await seedWorkshop(server);
});

/* The href of a link, as the address after #. */
async function route(link) {
	return (await link.getAttribute('href')).replace(/^#\//, '');
}

test('a customer’s page lists their orders and what they bought, each linking to it', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
	const { customer, late, soon, batch, sale } = seed;
	await gotoRoute(page, server, `customers/${customer.id}`);

	const orders = page.locator('[data-related="orders"]');
	await orders.locator('[data-order-id]').first().waitFor();
	const ids = await orders.locator('[data-order-id]').evaluateAll((ns) => ns.map((n) => Number(n.dataset.orderId)));
	// Soonest due first, as the Orders list has them: the late one, then next week's.
	assert.deepEqual(ids, [late.id, soon.id]);
	const lateRow = orders.locator(`[data-order-id="${late.id}"]`);
	assert.equal(await route(lateRow.getByRole('link', { name: late.title })), `orders/${late.id}`);
	const lateText = await lateRow.innerText();
	assert.match(lateText, /Accepted/);
	assert.match(lateText, /Overdue by 2 days/);
	// Accepted, so the plan's finish is given (or that the plan could not be had).
	assert.equal(await lateRow.locator('[data-plan-finish]').count(), 1);
	const soonText = await orders.locator(`[data-order-id="${soon.id}"]`).innerText();
	assert.match(soonText, /Quoted/);
	assert.match(soonText, /in 6 days/);

	const sales = page.locator('[data-related="sales"]');
	const row = sales.locator(`tr[data-id="${sale.id}"]`);
	await row.waitFor();
	assert.equal(await route(row.getByRole('link', { name: batch.code })), `batches/${batch.id}`);
	assert.equal(await route(row.locator('th a')), `sales/${sale.id}`);
	assert.match(await row.innerText(), new RegExp(`${sale.quantity}`));

	await row.getByRole('link', { name: batch.code }).click();
	await page.getByRole('heading', { level: 1, name: new RegExp(batch.code) }).waitFor();

	await gotoRoute(page, server, `customers/${customer.id}`);
	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll at 375 px');
	assert.deepEqual(await smallTargets(page, TARGETS), []);
	assert.deepEqual(await axeSerious(page, () => {}), []);
	checkClean(watch, server.origin);
	await context.close();
});

test('a material’s page lists the batches it went into, with lots that trace, and its lots', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const { material, batch } = seed;
	// A second use, of another lot, and one without a lot.
	const other = await apiOK(server, '/api/v1/batches', { product_id: seed.product.id, run_date: isoDay(-3), made_qty: 10 });
	await apiOK(server, `/api/v1/batches/${other.id}/materials`, { material_id: material.id, quantity: 250, lot: 'ALM-2299' });
	await apiOK(server, `/api/v1/batches/${other.id}/materials`, { material_id: material.id, quantity: 40 });
	const uses = (await apiOK(server, `/api/v1/batch-materials?material_id=${material.id}`)).items;

	await gotoRoute(page, server, `materials/${material.id}`);
	const table = page.locator('[data-related="uses"] table');
	await table.waitFor();
	const rows = table.locator('tbody tr');
	assert.equal(await rows.count(), uses.length);
	const first = rows.filter({ hasText: 'ALM-2231' });
	assert.equal(await route(first.getByRole('link', { name: batch.code })), `batches/${batch.id}`);
	assert.match(await first.innerText(), /1,500 g/);
	assert.equal(await route(first.getByRole('link', { name: /Lot ALM-2231/ })), 'trace?lot=ALM-2231');
	assert.match(await rows.filter({ hasText: '40 g' }).innerText(), /not recorded/);

	const lots = page.locator('[data-related="lots"] [data-lot]');
	assert.deepEqual(await lots.evaluateAll((ns) => ns.map((n) => n.dataset.lot)), ['ALM-2231', 'ALM-2299']);
	assert.match(await lots.nth(1).innerText(), /1 batch, 250 g used/);
	await lots.nth(1).getByRole('link').click();
	await page.getByRole('heading', { level: 1, name: /Trace/ }).waitFor();
	await page.locator('[data-trace-batch], .trace, main').filter({ hasText: other.code }).first().waitFor();
	checkClean(watch, server.origin);
	await context.close();
});

test('a product’s page links to its numbers, batches and orders', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const { product, soon, late } = seed;
	await gotoRoute(page, server, `products/${product.id}`);
	const nav = page.getByRole('navigation', { name: 'About this product' });
	assert.equal(await route(nav.getByRole('link', { name: 'Its numbers' })), `numbers/${product.id}`);
	assert.equal(await route(nav.getByRole('link', { name: 'Its batches' })), `batches?product_id=${product.id}`);
	await nav.getByRole('link', { name: 'Its orders' }).click();
	await page.locator(`[data-order-id="${soon.id}"]`).waitFor();
	await waitIdle(page);
	// Only its own: the birthday cake is no product's.
	assert.equal(await page.locator(`[data-order-id="${late.id}"]`).count(), 0);
	assert.match(await page.locator('[data-filters] summary').innerText(), new RegExp(`of ${product.name}`));
	checkClean(watch, server.origin);
	await context.close();
});

test('a refused delete names each record in the way as a link to its page', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
	const { customer, late, soon, sale } = seed;
	await gotoRoute(page, server, `customers/${customer.id}`);
	await page.getByRole('button', { name: 'Delete this customer' }).click();
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	const refusal = page.getByRole('alert').filter({ hasText: 'Not deleted.' });
	await refusal.waitFor();
	const links = await refusal.getByRole('link').evaluateAll((ns) => ns.map((n) => [n.textContent, n.getAttribute('href')]));
	const want = [late.id, soon.id].sort((a, b) => a - b).map((id) => [`order ${id}`, `#/orders/${id}`])
		.concat([[`sale ${sale.id}`, `#/sales/${sale.id}`]]);
	assert.deepEqual(links, want);
	assert.match(await refusal.innerText(), /This customer is still used by order \d+, order \d+ and sale \d+\. Change or delete those first\./);
	assert.deepEqual(await smallTargets(page, TARGETS), []);
	assert.deepEqual(await axeSerious(page, () => {}), []);
	await refusal.getByRole('link', { name: `order ${late.id}` }).click();
	await page.getByRole('heading', { level: 1, name: late.title }).waitFor();
	assert.equal((await apiJSON(server, `/api/v1/customers/${customer.id}`)).status, 200);
	checkClean(watch, server.origin, { expectedErrors: [`409 DELETE /api/v1/customers/${customer.id}`] });
	await context.close();
});

test('a refused sale links the batch its message names', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const { batch } = seed;
	await gotoRoute(page, server, 'sales/new');
	await field(page, 'From batch').selectOption({ label: batch.code });
	await field(page, 'Quantity').fill('999');
	await page.getByRole('button', { name: 'Record a sale' }).click();
	const beside = page.locator('[data-field="quantity"] .field__error');
	await beside.getByRole('link', { name: batch.code }).waitFor();
	assert.equal(await route(beside.getByRole('link', { name: batch.code })), `batches/${batch.id}`);
	// Sold so far, from the API: what is left is made − rejected − sold.
	const b = await apiOK(server, `/api/v1/batches/${batch.id}`);
	assert.match(await beside.innerText(), new RegExp(`Only ${b.made_qty - b.rejected_qty - b.sold_qty} left in batch ${batch.code}`));
	const above = page.locator('[data-form-error]');
	assert.equal(await route(above.getByRole('link', { name: batch.code })), `batches/${batch.id}`);
	await above.getByRole('link', { name: batch.code }).click();
	await page.getByRole('heading', { level: 1, name: new RegExp(batch.code) }).waitFor();
	checkClean(watch, server.origin, { expectedErrors: ['409 POST /api/v1/sales'] });
	await context.close();
});

test('made to order, a product hides its batch-only fields and keeps what they hold', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const batchOnly = ['Largest batch', 'Shelf life in days', 'Storage space (each)'];
	await gotoRoute(page, server, 'products/new');
	await field(page, 'Name').fill('Walnut box');
	await field(page, 'Largest batch').fill('8');
	await field(page, 'Shelf life in days').fill('30');
	const mode = field(page, 'How you make it');
	await mode.selectOption({ label: 'To order (one at a time)' });
	for (const label of batchOnly)
		assert.equal(await field(page, label).isVisible(), false, `${label} hidden`);
	assert.equal(await field(page, 'Set-up minutes per batch').isVisible(), true, 'set-up stays: a piece is set up too');
	assert.equal(await page.locator('[data-hidden-note]').isVisible(), true);
	await mode.selectOption({ label: 'In batches' });
	for (const label of batchOnly)
		assert.equal(await field(page, label).isVisible(), true, `${label} shown again`);
	assert.equal(await field(page, 'Largest batch').inputValue(), '8', 'kept while hidden');
	assert.equal(await page.locator('[data-hidden-note]').isVisible(), false);
	await mode.selectOption({ label: 'To order (one at a time)' });
	await page.getByRole('button', { name: 'Add a product' }).click();
	await page.locator('[data-flash]').waitFor();
	const saved = (await apiOK(server, '/api/v1/products?name=Walnut%20box')).items[0];
	assert.equal(saved.mode, 'job');
	assert.equal(saved.max_batch, 8);
	assert.equal(saved.shelf_life_days, 30);

	// A value refused while hidden shows again, with what is wrong.
	await gotoRoute(page, server, 'products/new');
	await field(page, 'Name').fill('Elm bowl');
	await field(page, 'Largest batch').fill('lots');
	await field(page, 'How you make it').selectOption({ label: 'To order (one at a time)' });
	assert.equal(await field(page, 'Largest batch').isVisible(), false);
	await page.getByRole('button', { name: 'Add a product' }).click();
	await page.locator('[data-field="max_batch"] .field__error').waitFor();
	assert.equal(await field(page, 'Largest batch').isVisible(), true);
	assert.equal(await field(page, 'Largest batch').getAttribute('aria-invalid'), 'true');

	// Its own page opens with them hidden, and offers no batch to plan.
	await gotoRoute(page, server, `products/${saved.id}`);
	for (const label of batchOnly)
		assert.equal(await field(page, label).isVisible(), false, `${label} hidden on its page`);
	assert.equal(await page.getByRole('link', { name: /Plan a batch/ }).count(), 0);
	await field(page, 'How you make it').selectOption({ label: 'Both' });
	assert.equal(await field(page, 'Shelf life in days').inputValue(), '30');
	checkClean(watch, server.origin);
	await context.close();
});
