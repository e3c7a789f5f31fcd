// trace-lot.test.mjs - a recall typed as it comes: the lot stored as
// "VM-2211-B" is found from "vm-2211-b" (the customers who received it,
// with their quantities), a near miss ("vm-2211-c") offers the stored lot
// as "did you mean", and the lot field offers the known lots as a picker.
// On a 1280 px desktop and on a 390 px phone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { apiJSON, checkClean, gotoRoute, openPage, setUpSuite, sidewaysOverflow, waitIdle } from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

const LOT = 'VM-2211-B';
const CUSTOMERS = [{ name: 'Ruth Ward', quantity: 3 }, { name: 'Sam Lee', quantity: 2 }];

async function ok(path, body) {
	const r = await apiJSON(server, path, body);
	assert.ok(r.status < 300, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
	return r.body;
}

/* One batch that used the lot, sold to both customers. */
async function seed() {
	const product = await ok('/api/v1/products', { name: 'Oat biscuits', shelf_life_days: 10 });
	const material = await ok('/api/v1/materials', { name: 'Rolled oats', on_hand: 9000 });
	const batch = await ok('/api/v1/batches', { product_id: product.id, run_date: '2026-11-20', made_qty: 20, status: 'done' });
	await ok(`/api/v1/batches/${batch.id}/materials`, { material_id: material.id, quantity: 2000, lot: LOT });
	for (const c of CUSTOMERS) {
		const cust = await ok('/api/v1/customers', { name: c.name });
		await ok('/api/v1/sales', { batch_id: batch.id, customer_id: cust.id, quantity: c.quantity, price: 300 });
	}
	return batch;
}

let seeded;

for (const [device, options] of [['desktop', {}], ['phone', { viewport: { width: 390, height: 844 } }]]) {
	test(`${device}: a lot typed in lower case finds its customers, a near miss is offered the stored lot`, async () => {
		seeded ??= await seed();
		const { context, page, watch } = await openPage(browser, device, options);
		await gotoRoute(page, server, 'trace');

		// The picker knows the stored lot.
		const input = page.locator('#trace-lot');
		assert.equal(await input.getAttribute('list'), 'trace-lot-known');
		await page.waitForFunction((lot) => [...document.querySelectorAll('#trace-lot-known option')]
			.some((o) => o.value === lot), LOT);

		await input.fill('vm-2211-b');
		await page.getByRole('button', { name: 'Find the batches' }).click();
		await page.locator('[data-lot-summary]').waitFor();
		await waitIdle(page);
		const rows = page.locator('[data-table="recall"]').first().locator('tbody tr');
		assert.equal(await rows.count(), CUSTOMERS.length);
		for (const c of CUSTOMERS) {
			const row = rows.filter({ hasText: c.name });
			assert.equal(await row.count(), 1, `${c.name} is in the recall list`);
			assert.equal(await row.locator('[data-quantity]').getAttribute('data-quantity'), String(c.quantity));
		}
		assert.equal(await page.locator(`[data-trace-batch="${seeded.code}"]`).count(), 1);

		// A near miss: nothing, and the stored lot offered as a link.
		await page.locator('#trace-lot').fill('vm-2211-c');
		await page.getByRole('button', { name: 'Find the batches' }).click();
		await page.locator('[data-lot-suggestions]').waitFor();
		const hint = page.locator('[data-lot-suggestions]');
		assert.match(await hint.innerText(), /Did you mean VM-2211-B\?/);
		assert.ok(await sidewaysOverflow(page) <= 0, 'no sideways scrolling');
		await hint.getByRole('link', { name: LOT }).click();
		await page.locator('[data-lot-summary]').waitFor();
		assert.equal(await page.locator('[data-table="recall"]').first().locator('tbody tr').count(), CUSTOMERS.length);

		checkClean(watch, server.origin);
		await context.close();
	});
}
