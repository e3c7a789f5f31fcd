// codes-wrap.test.mjs - a batch code and a supplier's lot code are never
// broken across lines, on the batch page on a phone: each is one word in a
// recall, and "VM-2211-" on one line and "B" on the next reads as two.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { apiOK, checkClean, gotoRoute, openPage, setUpSuite, sidewaysOverflow, waitIdle } from './helpers.mjs';

let server;
let browser;
let batch;

const LOT = 'MILL-2026-11-0042-B';

setUpSuite(async (s) => {
	({ server, browser } = s);
	const product = await apiOK(server, '/api/v1/products', { name: 'Wholemeal sourdough sandwich loaf', mode: 'batch' });
	batch = await apiOK(server, '/api/v1/batches', { product_id: product.id, run_date: '2026-11-24', planned_qty: 20 });
	const flour = await apiOK(server, '/api/v1/materials', { name: 'Flour', unit: 'g' });
	await apiOK(server, `/api/v1/batches/${batch.id}/materials`, { material_id: flour.id, quantity: 500, lot: LOT });
});

test('phone: batch and lot codes stay whole on the batch page', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, `batches/${batch.id}`);
	await page.getByRole('heading', { level: 1 }).waitFor();
	await waitIdle(page);
	// An inline element broken over lines has one client rectangle a line.
	const lines = await page.evaluate(() => [...document.querySelectorAll('.code')]
		.map((e) => ({ text: e.textContent, lines: e.getClientRects().length })));
	assert.ok(lines.some((l) => l.text === batch.code), JSON.stringify(lines));
	assert.ok(lines.some((l) => l.text === LOT), JSON.stringify(lines));
	for (const l of lines)
		assert.equal(l.lines, 1, `${l.text} is broken over ${l.lines} lines`);
	assert.equal(await sidewaysOverflow(page), 0);
	checkClean(watch, server.origin);
	await context.close();
});
