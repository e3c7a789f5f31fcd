// invoice.test.mjs - invoices in the web app, on a phone: a done order's
// Invoice panel issues invoice 1, the printable page shows its lines and
// totals as the server worked them out (20 % of £90.00 is £18.00), "Mark
// paid" on a day stamps it paid, the Invoices page lists it with its
// status, and a sale's page links its receipt.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, gotoRoute, isoDay, navigate, openPage,
	press, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let order;
let sale;

setUpSuite(async (s) => {
	({ server, browser } = s);
	await apiOK(server, '/api/v1/settings', {
		workshop_name: 'Ash & Oak', address: '2 Mill Lane\nStroud',
		vat_number: 'GB999999973', payment_details: 'Sort code 12-34-56, account 87654321',
	}, 'PUT');
	const ada = await apiOK(server, '/api/v1/customers', { name: 'Ada Lovelace' });
	order = await apiOK(server, '/api/v1/orders', {
		customer_id: ada.id, title: 'Ash chair', quantity: 3, price: 9000, status: 'done',
	});
	const jam = await apiOK(server, '/api/v1/products', { name: 'Damson jam', price: 450 });
	sale = await apiOK(server, '/api/v1/sales', { product_id: jam.id, quantity: 2, beyond_stock: 1 });
});

test('phone: issue an invoice from a done order, see it printable, mark it paid', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
	await gotoRoute(page, server, `orders/${order.id}`);
	const panel = page.locator('[data-order-invoice]');
	await panel.waitFor();
	await press(panel.getByRole('button', { name: 'Issue an invoice' }), 'phone');
	// The invoice's own page: number 1, 3 × £30.00, VAT £18.00, £108.00.
	const doc = page.locator('[data-invoice="Invoice 1"]');
	await doc.waitFor();
	await page.getByRole('heading', { name: 'Invoice 1', level: 1 }).waitFor();
	const text = await doc.innerText();
	assert.match(text, /Ash chair/);
	assert.match(text, /£30\.00/);
	assert.match(text, /£90\.00/);
	assert.match(text, /£18\.00/);
	assert.match(text, /£108\.00/);
	assert.match(text, /GB999999973/);
	assert.match(await page.locator('[data-how-to-pay]').innerText(), /Sort code 12-34-56/);
	assert.equal(await page.locator('[data-invoice-status]').getAttribute('data-invoice-status'), 'unpaid');
	assert.equal(await sidewaysOverflow(page), 0, 'the invoice fits a phone');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the invoice');

	// Mark it paid on a day (the day input starts no earlier than the
	// invoice's date; the server's refusal is tests/api's).
	assert.equal(await field(page, 'Paid on').getAttribute('min'), isoDay(0));
	await field(page, 'Paid on').fill(isoDay(0));
	await press(page.getByRole('button', { name: 'Mark paid' }), 'phone');
	const stamp = page.locator('[data-invoice-stamp="paid"]');
	await stamp.waitFor();
	assert.match(await stamp.innerText(), /Paid on/i);
	const stored = (await apiJSON(server, '/api/v1/invoices?limit=10')).body;
	assert.equal(stored.total, 1);
	assert.equal(stored.items[0].paid_on, isoDay(0));
	assert.equal(stored.items[0].status, 'paid');

	// The order now opens its invoice instead of issuing another.
	await gotoRoute(page, server, `orders/${order.id}`);
	await page.locator('[data-open-invoice]').waitFor();
	assert.equal(await page.locator('[data-issue-invoice]').count(), 0);

	// The Invoices page lists it, paid; the unpaid filter leaves it out.
	await navigate(page, 'Invoices', 'phone');
	const row = page.locator('[data-invoice-row="1"]');
	await row.waitFor();
	assert.match(await row.innerText(), /Ada Lovelace/);
	assert.match(await row.innerText(), /Paid/);
	await press(page.locator('[data-invoice-filter]').getByRole('link', { name: 'Unpaid' }), 'phone');
	await page.getByText('Nothing owed here').waitFor();

	// A sale's page links its receipt, a PDF.
	await gotoRoute(page, server, `sales/${sale.id}`);
	const receipt = page.locator('[data-sale-receipt] a');
	await receipt.waitFor();
	assert.equal(await receipt.innerText(), `Receipt S-${sale.id}`);
	const pdf = await page.request.get(`${server.origin}${await receipt.getAttribute('href')}`);
	assert.equal(pdf.status(), 200);
	assert.equal(pdf.headers()['content-type'], 'application/pdf');
	await waitIdle(page);
	checkClean(watch, server.origin);
	await context.close();
});
