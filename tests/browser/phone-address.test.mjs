// phone-address.test.mjs - Settings' "Open smallrun on your phone" at
// 390 px. On loopback with no account: the sentence and the command that
// listens on the network, no code. On 0.0.0.0 with an owner (made on the
// command line before the server starts, as smallrun asks) and
// --host-name shop.example: each address the API gives, as text and as a
// QR code that zbarimg reads, from the browser's own drawing of it, as
// that address; a maker is not offered the panel and never asks for it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import {
	AXE_CONTEXT, addUser, apiJSON, axeSerious, checkClean, gotoRoute, logInContext, openPage,
	setUpSuite, sidewaysOverflow, startServer,
} from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 } };
const OWNER = { login: 'ann', name: 'Ann Baker', role: 'owner', password: 'flour-and-water' };
const MAKER = { login: 'mia', name: 'Mia', role: 'maker', password: 'salt-and-yeast' };

let server;
let browser;

setUpSuite(async (s) => {
	({ server, browser } = s);
});

const PANEL = '[data-phone-address]';

/* Settings, with the panel's addresses loaded. */
async function openSettings(page, srv) {
	await gotoRoute(page, srv, 'settings');
	await page.locator(`${PANEL} [data-phone-message]`).waitFor();
}

/* axe on Settings (in a context of its own: axe needs the policy
 * bypassed, the other checks run under the real one). */
async function axeOnSettings(t, srv, who = null) {
	const { context, page } = await openPage(browser, 'phone', { ...PHONE, ...AXE_CONTEXT });
	if (who)
		await logInContext(context, srv, who.login, who.password);
	await openSettings(page, srv);
	assert.deepEqual(await axeSerious(page, (m) => t.diagnostic(m)), []);
	await context.close();
}

/* What zbarimg reads in a picture of locator. */
async function decode(locator) {
	const dir = await mkdtemp(join(tmpdir(), 'smallrun-qr-'));
	try {
		const file = join(dir, 'code.png');
		await locator.screenshot({ path: file });
		const r = spawnSync('zbarimg', ['--quiet', '--raw', '--nodbus', file], { encoding: 'utf8' });
		assert.equal(r.status, 0, `zbarimg: ${r.stderr}`);
		return r.stdout.replace(/\n$/, '');
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

test('on loopback: how to listen on the network, and no code', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', PHONE);
	await openSettings(page, server);
	const api = await apiJSON(server, '/api/v1/addresses');
	assert.equal(api.status, 200);
	assert.equal(api.body.network, false);
	assert.deepEqual(api.body.items, []);

	const panel = page.locator(PANEL);
	assert.equal((await panel.getByRole('heading', { level: 2 }).innerText()).trim(), 'Open smallrun on your phone');
	const message = (await panel.locator('[data-phone-message]').innerText()).trim();
	assert.equal(message, api.body.message);
	assert.match(message, /create the owner's account first/);
	const port = new URL(server.url).port;
	assert.equal((await panel.locator('code').innerText()).trim(), `smallrun serve --listen 0.0.0.0:${port}`);
	assert.equal(await panel.locator('img, ul').count(), 0, 'no list and no code');

	assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll at 390 px');
	checkClean(watch, server.origin);
	await context.close();
	await axeOnSettings(t, server);
});

test('on every address: each address as text and as a code the phone reads; not a maker’s', async (t) => {
	const lan = await startServer({
		listen: '0.0.0.0:0',
		args: ['--host-name', 'shop.example'],
		beforeStart: async (db) => {
			await addUser({ db }, OWNER);
			await addUser({ db }, MAKER);
		},
	});
	try {
		const { context, page, watch } = await openPage(browser, 'phone', PHONE);
		await logInContext(context, lan, OWNER.login, OWNER.password);
		await openSettings(page, lan);
		const res = await context.request.get(new URL('/api/v1/addresses', lan.url).href);
		assert.equal(res.status(), 200);
		const api = await res.json();
		assert.equal(api.network, true);
		assert.equal(api.command, null);
		const port = new URL(lan.url).port;
		assert.ok(api.items.some((i) => i.url === `http://shop.example:${port}/`), JSON.stringify(api.items.map((i) => i.url)));

		const panel = page.locator(PANEL);
		assert.equal((await panel.locator('[data-phone-message]').innerText()).trim(), api.message);
		assert.equal(await panel.locator('code').count(), 0);
		const shown = panel.locator('[data-phone-url]');
		assert.equal(await shown.count(), api.items.length);
		for (const [i, item] of api.items.entries()) {
			const li = shown.nth(i);
			assert.equal(await li.getAttribute('data-phone-url'), item.url);
			assert.equal((await li.locator('.phone-address__url').innerText()).trim(), item.url);
			const img = li.locator('img');
			assert.equal(await img.getAttribute('alt'), `QR code for ${item.url}`);
			assert.match(await img.getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,%3Csvg%20/);
			await img.scrollIntoViewIfNeeded();
			// Drawn, under the real Content-Security-Policy.
			assert.ok(await img.evaluate((n) => n.complete && n.naturalWidth > 0), 'the code is drawn');
			const box = await img.boundingBox();
			assert.ok(box.width >= 150 && box.width <= 390, `the code is ${box.width} px wide`);
			assert.equal(await decode(img), item.url, 'the code holds its address');
		}

		assert.equal(await sidewaysOverflow(page), 0, 'no sideways scroll at 390 px');
		checkClean(watch, lan.origin);
		await context.close();
		await axeOnSettings(t, lan, OWNER);

		// A maker is not offered it, and the page does not ask (no 403).
		const maker = await openPage(browser, 'phone', PHONE);
		await logInContext(maker.context, lan, MAKER.login, MAKER.password);
		await gotoRoute(maker.page, lan, 'settings');
		assert.equal(await maker.page.locator(PANEL).count(), 0);
		assert.ok(!maker.watch.requests.some((u) => u.includes('/api/v1/addresses')));
		checkClean(maker.watch, lan.origin);
		await maker.context.close();
	} finally {
		const { code, stderr } = await lan.stop();
		assert.equal(code, 0, stderr);
	}
});
