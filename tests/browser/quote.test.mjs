// quote.test.mjs - a furniture maker quotes a custom order on a phone:
// the order's Quotes panel makes a quote at the price typed, shows its
// figures with VAT worked out (£450.00 at 20 %: £90.00, £540.00), opens
// its PDF and its printable page, and Accept marks the order accepted.
// A second quote withdraws the first. Every figure is worked out here.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, checkClean, field, gotoRoute, openPage, screenshot, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

test('phone: make a quote, see its figures and its page, accept it', async () => {
	await apiOK(server, '/api/v1/settings', {
		workshop_name: 'Ash & Oak', vat_number: 'GB123456789', vat_bp: 2000, quote_days: 14,
		quote_terms: 'Half up front, the rest on delivery.',
	}, 'PUT');
	const customer = await apiOK(server, '/api/v1/customers', { name: 'Hannah Patel', email: 'hannah@example.org' });
	const order = await apiOK(server, '/api/v1/orders', {
		customer_id: customer.id, title: 'Oak dining table', spec: '180 cm, oiled', due_date: '2027-03-01',
	});
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, `orders/${order.id}`);
	const panel = page.locator('[data-section="quotes"]');
	await panel.getByRole('button', { name: 'Make the quote' }).waitFor();
	await waitIdle(page);
	assert.match(await panel.innerText(), /No quote yet/);

	// With no agreed price, no estimate and no product there is nothing
	// to work a price out from: said beside the price.
	await panel.getByRole('button', { name: 'Make the quote' }).click();
	await panel.locator('[data-form-error]').filter({ hasText: /price/i }).waitFor();
	assert.equal((await apiOK(server, '/api/v1/quotes')).total, 0, 'nothing was made');

	await field(panel, 'Price').fill('450.00');
	await panel.getByRole('button', { name: 'Make the quote' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'made: £450.00 + VAT £90.00 = £540.00' }).waitFor();
	await waitIdle(page);
	const first = (await apiOK(server, `/api/v1/quotes?order_id=${order.id}`)).items[0];
	assert.deepEqual([first.price, first.vat, first.total, first.delivery_on, first.terms],
		[45000, 9000, 54000, '2027-03-01', 'Half up front, the rest on delivery.']);
	const row = page.locator(`[data-quote="${first.id}"]`);
	assert.match(await row.innerText(), /Open/);
	assert.match(await row.innerText(), /delivery Mon, 1 Mar 2027/);
	assert.equal(await sidewaysOverflow(page), 0, 'the panel fits a phone');
	await screenshot(page, 'phone-order-quote', { fullPage: true });

	// Its PDF is a PDF, opened from the link.
	const pdf = await page.request.get(new URL(await row.locator('[data-quote-pdf]').getAttribute('href'), server.url).href);
	assert.equal(pdf.status(), 200);
	assert.equal(pdf.headers()['content-type'], 'application/pdf');
	assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

	// Its printable page says the same figures.
	await row.getByRole('link', { name: `Quote Q-${first.id}` }).click();
	const doc = page.locator('[data-quote-page]');
	await doc.waitFor();
	const text = await doc.innerText();
	assert.match(text, /Ash & Oak/);
	assert.match(text, /VAT number GB123456789/);
	assert.match(text, /Hannah Patel/);
	assert.match(text, /Oak dining table/);
	assert.match(text, /£90\.00/);
	assert.equal(await doc.locator('[data-quote-total]').getAttribute('data-quote-total'), '54000');
	assert.match(text, /Half up front, the rest on delivery\./);
	assert.equal(await sidewaysOverflow(page), 0, 'the page fits a phone');

	// A second quote at £420.00 withdraws the first.
	await gotoRoute(page, server, `orders/${order.id}`);
	await field(panel, 'Price').fill('420');
	await panel.getByRole('button', { name: 'Make a new quote' }).click();
	await page.locator('[data-flash]').filter({ hasText: '£420.00 + VAT £84.00 = £504.00' }).waitFor();
	await waitIdle(page);
	assert.equal((await apiOK(server, `/api/v1/quotes/${first.id}`)).status, 'withdrawn');
	const second = (await apiOK(server, `/api/v1/quotes?order_id=${order.id}&status=open`)).items[0];
	await page.locator(`[data-quote-accept="${second.id}"]`).click();
	await page.locator('[data-flash]').filter({ hasText: 'accepted: the order is accepted' }).waitFor();
	const now = await apiOK(server, `/api/v1/orders/${order.id}`);
	assert.deepEqual([now.status, now.price], ['accepted', 42000]);
	assert.equal(await page.locator('[data-section="quotes"] .subform').count(), 0, 'an accepted order is not quoted again');
	assert.equal((await apiJSON(server, `/api/v1/quotes/${second.id}`)).body.status, 'accepted');
	checkClean(watch, server.origin, { expectedErrors: [`409 POST /api/v1/orders/${order.id}/quote`] });
	await context.close();
});

test('desktop: the order\'s own Accept, with a quote standing, accepts that quote at its price', async () => {
	const customer = await apiOK(server, '/api/v1/customers', { name: 'Ravi Shah' });
	const make = async (title) => {
		const order = await apiOK(server, '/api/v1/orders', { customer_id: customer.id, title, price: 30000 });
		const q = await apiOK(server, `/api/v1/orders/${order.id}/quote`, { price: 32500 });
		return { order, q };
	};
	const bench = await make('Walnut bench');
	const stool = await make('Ash stool');
	const { context, page, watch } = await openPage(browser, 'desktop');

	// On the order's page: the step under "Where it stands".
	await gotoRoute(page, server, `orders/${bench.order.id}`);
	await page.locator('[data-step="accepted"]').click();
	await page.locator('[data-flash]').filter({ hasText: `Quote Q-${bench.q.id} accepted: the order is accepted.` }).waitFor();
	assert.equal((await apiOK(server, `/api/v1/quotes/${bench.q.id}`)).status, 'accepted');
	assert.equal((await apiOK(server, `/api/v1/orders/${bench.order.id}`)).price, 32500, 'the quote\'s price, not the £300.00 first agreed');

	// From the Orders list, in one tap.
	await gotoRoute(page, server, 'orders');
	await page.locator(`[data-order-id="${stool.order.id}"] [data-step="accepted"]`).click();
	await page.getByText(`“Ash stool” is now accepted, on quote Q-${stool.q.id}.`).first().waitFor();
	assert.equal((await apiOK(server, `/api/v1/quotes/${stool.q.id}`)).status, 'accepted');
	assert.equal((await apiOK(server, `/api/v1/orders/${stool.order.id}`)).price, 32500);

	// Cancelled from its page: the open quote is withdrawn with it.
	const chair = await make('Oak chair');
	await gotoRoute(page, server, `orders/${chair.order.id}`);
	await page.locator('[data-step="cancelled"]').click();
	await page.locator('[data-flash]').filter({ hasText: 'Marked cancelled.' }).waitFor();
	await waitIdle(page);
	assert.match(await page.locator(`[data-quote="${chair.q.id}"]`).innerText(), /Withdrawn/);
	checkClean(watch, server.origin);
	await context.close();
});
