// pages.test.mjs - every page of the workshop app, filled with a small
// workshop's records: axe-core finds nothing serious, each page has one
// h1 and its own title, and on a 375 px phone nothing scrolls sideways and
// every control is big enough for a floury thumb. Also the empty pages a
// new maker first sees, and the stock page's warnings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	AXE_CONTEXT, axeSerious, checkClean, gotoRoute, openPage, screenshot, seedWorkshop,
	setUpSuite, sidewaysOverflow, smallTargets,
} from './helpers.mjs';

let server;
let browser;
let seed;

setUpSuite((s) => ({ server, browser } = s));

/* Every page, as [route, the words its h1 starts with]. */
function routes() {
	const { late, batch, product, customer, sale, material } = seed;
	return [
		['', 'Made to order, in batches, or both?'],
		['orders', 'Orders'],
		['orders/new', 'Take an order'],
		[`orders/${late.id}`, late.title],
		['plan', 'Plan'],
		['batches', 'Batches'],
		['batches/new', 'Plan a batch'],
		[`batches/${batch.id}`, `Batch ${batch.code}`],
		[`batches/${batch.id}/trace`, `Trace of batch ${batch.code}`],
		['trace?lot=ALM-2231', 'Trace a lot or batch'],
		['timer', 'Timer'],
		['sales', 'Sales'],
		['sales/new', 'Record a sale'],
		[`sales/${sale.id}`, `Sale ${sale.id}`],
		['invoices', 'Invoices'],
		['stock', 'Stock'],
		['to-buy', 'To buy'],
		['purchases', 'Purchases'],
		['purchases/new', 'New purchase'],
		['material-lots/new', 'Add a lot by hand'],
		['materials/new', 'Add a material'],
		[`materials/${material.id}`, material.name],
		['products', 'Products'],
		['products/new', 'Add a product'],
		[`products/${product.id}`, product.name],
		['customers', 'Customers'],
		['customers/new', 'Add a customer'],
		[`customers/${customer.id}`, customer.name],
		['settings', 'Settings'],
		['no/such/page', 'There is no such page'],
	];
}

/* The controls that must be at least 44 × 44 px (inline links in running text aside). */
const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, .site-nav a, a.button, label.choice, .back-link';

describe('empty workshop', () => {
	test('each list tells a new maker what to do first', async () => {
		const { context, page, watch } = await openPage(browser, 'phone');
		const firsts = [
			['orders', 'Add your first customer'],
			['batches', 'Plan your first batch'],
			['products', 'Add your first product'],
			['customers', 'Add your first customer'],
			['sales', 'Record your first sale'],
			['stock', 'Add your first product'],
			['timer', 'Take an order'],
		];
		for (const [route, action] of firsts) {
			await gotoRoute(page, server, route);
			const empty = page.locator('[data-empty]').first();
			assert.ok(await empty.isVisible(), `${route}: an empty state`);
			assert.ok(await empty.getByRole('link', { name: action }).isVisible(), `${route}: "${action}"`);
		}
		checkClean(watch, server.origin);
		await context.close();
		seed = await seedWorkshop(server);
	});
});

for (const device of ['phone', 'desktop']) {
	describe(`every page on ${device}`, () => {
		test('axe finds nothing serious; one h1, a title; on a phone no sideways scroll and big targets', async (t) => {
			const { context, page, watch } = await openPage(browser, device, AXE_CONTEXT);
			const log = (s) => t.diagnostic(s);
			// The desktop pass looks at the pages whose layout differs most.
			const list = device === 'phone' ? routes()
				: routes().filter(([r]) => /^(orders(\/\d+)?|batches\/\d+(\/trace)?|stock|to-buy|purchases|settings|timer)$/.test(r));
			for (const [route, heading] of list) {
				await gotoRoute(page, server, route);
				const h1 = page.locator('h1:visible');
				assert.equal(await h1.count(), 1, `${route}: one h1`);
				assert.ok((await h1.innerText()).startsWith(heading), `${route}: h1 "${await h1.innerText()}"`);
				assert.match(await page.title(), / · smallrun$/, `${route}: title`);
				assert.deepEqual(await axeSerious(page, log), [], `${route}: axe`);
				if (device === 'phone') {
					assert.equal(await sidewaysOverflow(page), 0, `${route}: scrolls sideways`);
					assert.deepEqual(await smallTargets(page, TARGETS), [], `${route}: tap targets under 44 px`);
				}
			}
			// The phone menu, open.
			if (device === 'phone') {
				await page.getByRole('button', { name: 'Menu' }).tap();
				assert.deepEqual(await axeSerious(page, log), [], 'open menu: axe');
				assert.deepEqual(await smallTargets(page, TARGETS), [], 'open menu: tap targets');
				await screenshot(page, 'phone-menu');
			}
			checkClean(watch, server.origin, { expectedErrors: [] });
			await context.close();
		});
	});
}

test('stock shows what is left per batch, what to reorder, and storage over capacity', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, 'stock');
	// The seed made 18, rejected 1 and sold 5: 12 left, 2 units of space each.
	const left = 18 - 1 - 5;
	const row = page.locator('[data-table="goods"] tbody tr').filter({ hasText: 'Cherry bakewell' });
	assert.equal(await row.locator('[data-available]').getAttribute('data-available'), String(left));
	assert.match(await page.locator('[data-reorder]').innerText(), /Ground almonds: 1,500 g left, reorder at 2,000 g/);
	const storage = page.locator('[data-storage-panel]');
	assert.match(await storage.innerText(), /Over capacity/);
	assert.match(await storage.innerText(), new RegExp(`You have ${left * 2 - 20} more than your storage holds`));
	assert.match(await storage.innerText(), new RegExp(`${left * 2} of 20 used`));
	await screenshot(page, 'phone-stock', { fullPage: true });
	checkClean(watch, server.origin);
	await context.close();
});
