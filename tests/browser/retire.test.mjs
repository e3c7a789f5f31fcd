// retire.test.mjs - a product with history cannot be deleted, so the page
// offers to retire it instead: it leaves the product list (back with "Show
// retired products") and the choices for new orders, batches and sales,
// while the order that uses it still shows and keeps it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, gotoRoute, openPage,
	setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let cake;
let rye;
let order;

setUpSuite(async (s) => {
	({ server, browser } = s);
	cake = await apiOK(server, '/api/v1/products', { name: 'Apple cake', price: 1800 });
	rye = await apiOK(server, '/api/v1/products', { name: 'Rye loaf', price: 450 });
	const customer = await apiOK(server, '/api/v1/customers', { name: 'Ada' });
	order = await apiOK(server, '/api/v1/orders', { customer_id: customer.id, product_id: cake.id, title: 'Birthday cake' });
});

const optionValues = (select) => select.locator('option').evaluateAll((os) => os.map((o) => o.value));

test('desktop: "Retire it instead" when a product with history cannot be deleted', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await gotoRoute(page, server, `products/${cake.id}`);
	await page.getByRole('button', { name: 'Delete this product' }).click();
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	const instead = page.getByRole('button', { name: 'Retire it instead' });
	await instead.waitFor();
	assert.match(await page.locator('.delete-control [role="alert"]').innerText(), /Not deleted/);
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe with the offer shown');
	await instead.click();
	await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
	await waitIdle(page);
	assert.match(await page.locator('[data-flash]').innerText(), /Retired product “Apple cake”/);
	const stored = (await apiJSON(server, `/api/v1/products/${cake.id}`)).body;
	assert.equal(stored.retired, 1);

	// Out of the list; ticking "Show retired products" brings it back.
	const rows = () => page.locator('[data-table="products"] tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
	assert.deepEqual(await rows(), [rye.id]);
	await page.getByLabel('Show retired products').check();
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await page.waitForFunction(() => location.hash.includes('retired=1'));
	await page.locator(`[data-table="products"] tr[data-id="${cake.id}"]`).waitFor();
	assert.deepEqual((await rows()).sort(), [cake.id, rye.id].sort());
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the list');

	// Not a choice for a new order, a new sale or a new batch …
	await gotoRoute(page, server, 'orders/new');
	let values = await optionValues(field(page, 'Product'));
	assert.ok(values.includes(String(rye.id)) && !values.includes(String(cake.id)), values.join());
	await gotoRoute(page, server, 'sales/new');
	values = await optionValues(field(page, 'Product'));
	assert.ok(values.includes(String(rye.id)) && !values.includes(String(cake.id)), values.join());
	await gotoRoute(page, server, 'batches/new');
	values = await optionValues(field(page, 'Product'));
	assert.ok(values.includes(String(rye.id)) && !values.includes(String(cake.id)), values.join());

	// … but the order that uses it keeps it, by name.
	await gotoRoute(page, server, `orders/${order.id}`);
	const pick = field(page, 'Product');
	await pick.waitFor();
	assert.equal(await pick.inputValue(), String(cake.id));
	assert.match(await pick.locator('option:checked').innerText(), /Apple cake \(retired\)/);
	checkClean(watch, server.origin, { expectedErrors: [`409 DELETE /api/v1/products/${cake.id}`] });
	await context.close();
});

test('phone: the products list with retired ones shown fits and is tappable', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, 'products?retired=1');
	const box = await page.getByText('Show retired products').boundingBox();
	assert.ok(box.height >= 44, `label ${box.height} px high`);
	assert.equal(await page.getByLabel('Show retired products').isChecked(), true);
	assert.equal(await sidewaysOverflow(page), 0);
	checkClean(watch, server.origin);
	await context.close();
});
