// accounts.test.mjs - logging in, in the web app: the offer to create the
// owner's account while nobody has one, logging in and out, the server's
// words for a wrong password, your account (password, sessions, tokens),
// the owner's accounts page and audit log, and what a maker and a viewer
// are offered. Accounts beyond the owner are added as the owner would, on
// the command line (smallrun user add --password-stdin). The throttle's
// test comes last: after it, this address must wait to log in.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, addUser, apiJSON, apiOK, axeSerious, checkClean, field, fieldError, gotoRoute,
	logInContext, openPage, seedWorkshop, setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

const TARGETS = 'button, select, input, textarea, a.button, .who a, summary';
const OWNER = { login: 'ann', name: 'Ann Baker', password: 'flour-and-water' };

let server;
let browser;
let seeded;

setUpSuite(async (s) => {
	({ server, browser } = s);
	seeded = await seedWorkshop(server);
});

async function heading(page) {
	return (await page.locator('[data-outlet]:not([hidden]) h1, [data-page]:not([hidden]) h1').first().innerText()).trim();
}

/* Wait for the page whose h1 says title. */
async function onPage(page, title) {
	await page.getByRole('heading', { level: 1, name: title }).waitFor();
	await waitIdle(page);
}

/* The flash message the page shows; with start, the one that begins so
 * (the page before may still show its own). */
async function flash(page, start = null) {
	const f = start ? page.locator('[data-flash]').filter({ hasText: start }) : page.locator('[data-flash]');
	await f.waitFor();
	return (await f.innerText()).replace(/^✓\s*/, '').trim();
}

test('no account yet: the offer to create the owner, refused until the passwords match, then logged in', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'orders');
	assert.deepEqual((await apiJSON(server, '/api/v1/session')).body, { setup: true, hosted: false, signup: false });

	const offer = page.locator('[data-who] [data-setup-offer]');
	assert.equal((await offer.innerText()).trim(), 'Set up logins');
	await offer.click();
	await onPage(page, 'Create the owner’s account');

	await field(page, 'Name').fill(OWNER.name);
	await field(page, 'Login').fill('ann baker');
	await field(page, 'Password (required)').fill(OWNER.password);
	await field(page, 'Password again').fill('flour-and-wine');
	await page.getByRole('button', { name: 'Create the owner’s account' }).click();
	assert.match(await fieldError(field(page, 'Login')), /no spaces/);
	assert.equal(await fieldError(field(page, 'Password again')), 'The two passwords are not the same.');
	assert.deepEqual((await apiJSON(server, '/api/v1/session')).body, { setup: true, hosted: false, signup: false }, 'nothing created');

	await field(page, 'Login').fill(OWNER.login);
	await field(page, 'Password again').fill(OWNER.password);
	await page.getByRole('button', { name: 'Create the owner’s account' }).click();
	await onPage(page, 'Accounts');
	assert.match(await flash(page), /^You are the owner, logged in as ann\./);
	assert.equal((await page.locator('[data-who-name]').textContent()).trim(), `Logged in as ${OWNER.name}`);
	assert.equal(await page.getByRole('button', { name: 'Log out' }).isVisible(), true);
	assert.equal(await page.locator('[data-account="ann"]').count(), 1);

	// From now on nobody gets in without a session, on this computer too.
	assert.equal((await apiJSON(server, '/api/v1/orders')).status, 401);
	await gotoRoute(page, server, 'orders');
	assert.equal(await page.locator('.order-card').count(), 2, 'the owner sees the orders');
	checkClean(watch, server.origin);
	await context.close();
});

test('logged out: every page leads to the login page, a wrong password gets the server’s words, and logging in goes back', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await page.goto(`${server.url}#/orders/${seeded.late.id}`);
	await onPage(page, 'Log in');
	assert.equal(new URL(page.url()).hash, `#/login?next=orders%2F${seeded.late.id}`);
	assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false, 'no menu before logging in');

	await field(page, 'Login').fill(OWNER.login);
	await field(page, 'Password').fill('flour-and-wine');
	await page.getByRole('button', { name: 'Log in' }).click();
	const alert = page.locator('[data-login-error]');
	await alert.getByText('Not logged in.').waitFor();
	assert.equal((await alert.innerText()).trim(), 'Not logged in. The login or the password is not right.');
	assert.equal(await field(page, 'Password').inputValue(), '', 'the wrong password is cleared');

	await field(page, 'Password').fill(OWNER.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await onPage(page, seeded.late.title);
	assert.equal(new URL(page.url()).hash, `#/orders/${seeded.late.id}`);

	await page.getByRole('button', { name: 'Log out' }).click();
	await onPage(page, 'Log in');
	assert.equal(await flash(page), 'You are logged out.');
	await gotoRoute(page, server, 'customers');
	assert.equal(await heading(page), 'Log in');
	checkClean(watch, server.origin, {
		expectedErrors: ['401 GET /api/v1/session', '401 POST /api/v1/session'],
	});
	await context.close();
});

test('a maker: Settings shown but not changed, no accounts page, the price read-only, the timer their own', async () => {
	await addUser(server, { login: 'mo', name: 'Mo Farah', role: 'maker', password: 'sourdough-mo' });
	const { context, page, watch } = await openPage(browser, 'desktop');
	await logInContext(context, server, 'mo', 'sourdough-mo');

	await gotoRoute(page, server, 'settings');
	const form = page.locator('form[data-form="settings"]');
	assert.equal(await form.getAttribute('data-locked'), '');
	assert.match(await form.locator('[data-read-only]').innerText(), /^Only the workshop’s owner changes this; you are logged in as Mo Farah, a maker\.$/);
	assert.equal(await page.getByRole('button', { name: 'Save settings' }).count(), 0);
	assert.equal(await form.locator('input, select, textarea').count(), 0, 'nothing to type in');
	assert.equal(await form.locator('[data-value="workshop_name"]').isVisible(), true, 'the settings are shown');
	assert.equal(await page.locator('[data-backup]').isVisible(), false, 'the backup is the owner’s');
	assert.equal(await page.locator('[data-accounts-link]').isVisible(), false);

	await gotoRoute(page, server, 'accounts');
	assert.match(await page.locator('[data-refused]').innerText(), /^This page is for the workshop’s owner\. You are logged in as Mo Farah, a maker\.$/);
	assert.equal(await page.locator('[data-account]').count(), 0);

	// The price is the owner's; the rest of the product is the maker's.
	await gotoRoute(page, server, `products/${seeded.product.id}`);
	const price = page.locator('[data-field="price"]');
	assert.equal(await price.getAttribute('data-owner-only'), '');
	assert.match(await price.innerText(), /£3\.25/);
	assert.match(await price.innerText(), /Only the workshop’s owner changes this\./);
	await field(page, 'Name').fill('Cherry bakewell tart');
	await page.getByRole('button', { name: 'Save changes' }).click();
	assert.equal(await flash(page), 'Saved product “Cherry bakewell tart”.');
	// Deleting what the owner made: offered, and refused in the server's words.
	await page.getByRole('button', { name: 'Delete this product' }).click();
	await page.getByRole('button', { name: 'Yes, delete it' }).click();
	const refusal = page.locator('.delete-control [role="alert"]');
	await refusal.getByText('Not deleted.').waitFor();
	assert.match(await refusal.innerText(), /^Not deleted\. .+/);

	// The products list lets a maker set the way of making, not the price.
	await gotoRoute(page, server, 'products');
	assert.equal(await page.locator('[data-bulk] input[name="price"]').count(), 0);
	assert.equal(await page.locator('[data-bulk] select[name="mode"]').count(), 1);

	// The timer times the person logged in.
	await gotoRoute(page, server, `timer?order=${seeded.soon.id}`);
	assert.equal((await page.locator('[data-timing-as]').innerText()).trim(), 'Timing as Mo Farah');
	assert.equal(await page.locator('[data-time-someone]').count(), 0, 'only the owner times someone else');
	await page.locator('[data-timer-button]').click();
	await page.locator('[data-timer-state="running"]').waitFor();
	await page.locator('[data-timer-button]').click();
	await page.locator('[data-timer-state="idle"]').waitFor();
	const token = await ownerToken();
	const entries = await bearer(token, '/api/v1/time-entries?worker=mo');
	assert.equal(entries.body.total, 1, 'the entry is Mo’s');
	checkClean(watch, server.origin, { expectedErrors: [`403 DELETE /api/v1/products/${seeded.product.id}`] });
	await context.close();
});

test('a viewer: nothing to add, change or delete (a recipe line neither), and the server refuses a write', async () => {
	await addUser(server, { login: 'vi', name: 'Vi Hart', role: 'viewer', password: 'looking-only' });
	const line = await bearer(await ownerToken(), '/api/v1/recipe-lines',
		{ product_id: seeded.product.id, material_id: seeded.material.id, quantity: 40 });
	assert.equal(line.status, 201, JSON.stringify(line.body));
	const { context, page, watch } = await openPage(browser, 'desktop');
	await logInContext(context, server, 'vi', 'looking-only');

	await gotoRoute(page, server, 'customers');
	assert.equal(await page.locator('[data-table="customers"] tbody tr').count(), 1, 'the viewer reads');
	assert.equal(await page.getByRole('link', { name: 'Add a customer' }).isVisible(), false);
	await gotoRoute(page, server, `customers/${seeded.customer.id}`);
	assert.equal(await page.locator('form[data-form="customers"]').getAttribute('data-locked'), '');
	assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
	assert.equal(await page.getByRole('button', { name: /^Delete/ }).isVisible(), false);
	await gotoRoute(page, server, 'orders');
	assert.equal(await page.locator('[data-step]').first().isVisible(), false, 'no status steps');
	await gotoRoute(page, server, 'customers/new');
	assert.match(await page.locator('[data-refused]').innerText(), /^Adding records needs a maker’s or the owner’s account\./);
	await gotoRoute(page, server, 'timer');
	assert.equal(await page.locator('[data-timer-button]').isVisible(), false);
	assert.match(await page.locator('[data-viewer-note]').innerText(), /cannot start the timer/);
	await gotoRoute(page, server, 'sales/forecast');
	assert.equal(await page.locator('[data-sales-import]').isVisible(), false, 'no sales import');
	// A product's recipe is read, its lines neither added nor removed.
	await gotoRoute(page, server, `products/${seeded.product.id}`);
	const recipe = page.locator('[data-section="recipe"]');
	await recipe.locator('[data-table="recipe"]').getByText('Ground almonds').waitFor();
	assert.equal(await recipe.getByRole('button', { name: 'Add to the recipe' }).isVisible(), false, 'no line to add');
	assert.equal(await recipe.getByRole('button', { name: /^Remove/ }).isVisible(), false, 'no line to remove');

	// Had the page offered it, the server would still say no.
	const status = await page.evaluate(async () => (await fetch('/api/v1/customers', {
		method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Smallrun': '1' }, body: '{"name":"Eve"}',
	})).status);
	assert.equal(status, 403);
	checkClean(watch, server.origin, { expectedErrors: ['403 POST /api/v1/customers'] });
	await context.close();
});

/* An owner's API token, made through the API, for the test's own requests. */
let tokenCache = null;
async function ownerToken() {
	if (tokenCache)
		return tokenCache;
	const context = await browser.newContext();
	await logInContext(context, server, OWNER.login, OWNER.password);
	const res = await context.request.post(new URL('/api/v1/tokens', server.url).href, {
		data: { name: 'test script' }, headers: { 'X-Smallrun': '1' },
	});
	assert.equal(res.status(), 201);
	tokenCache = (await res.json()).secret;
	await context.close();
	return tokenCache;
}

async function bearer(token, path, body, method = body === undefined ? 'GET' : 'POST') {
	const res = await fetch(new URL(path, server.url), {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

test('your account: sessions listed with this browser marked, one revoked, then log out everywhere', async () => {
	const a = await openPage(browser, 'desktop');
	const b = await openPage(browser, 'desktop');
	await logInContext(a.context, server, OWNER.login, OWNER.password);
	await logInContext(b.context, server, OWNER.login, OWNER.password);
	const mine = async (ctx) => (await (await ctx.request.get(new URL('/api/v1/sessions', server.url).href)).json())
		.items.find((s) => s.current).id;
	const idA = await mine(a.context);
	const idB = await mine(b.context);

	await gotoRoute(a.page, server, 'account');
	await gotoRoute(b.page, server, 'customers');
	const current = a.page.locator('[data-session][data-current="true"]');
	assert.equal(await current.count(), 1);
	assert.equal(await current.getAttribute('data-session'), String(idA));
	assert.match(await current.innerText(), /This browser/);
	assert.ok(await a.page.locator('[data-session]').count() >= 2);

	// B's session ended from A: B's next page asks it to log in again.
	const other = a.page.locator(`[data-session="${idB}"]`);
	await other.getByRole('button', { name: /^Log out / }).click();
	await other.getByRole('button', { name: 'Yes, log it out' }).click();
	assert.match(await flash(a.page), /^Logged out Chrome on Linux\.$/);
	assert.equal(await a.page.locator(`[data-session="${idB}"]`).count(), 0);
	await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders', exact: true }).click();
	await onPage(b.page, 'Log in');
	assert.equal(await flash(b.page), 'Your session has ended. Log in again to go on.');
	assert.equal(new URL(b.page.url()).hash, '#/login?next=orders');

	// Log out everywhere: this browser too.
	const c = await browser.newContext();
	await logInContext(c, server, OWNER.login, OWNER.password);
	await a.page.getByRole('button', { name: 'Log out everywhere' }).click();
	await onPage(a.page, 'Log in');
	assert.match(await flash(a.page), /^You are logged out everywhere/);
	assert.equal((await c.request.get(new URL('/api/v1/session', server.url).href)).status(), 401, 'the third browser too');
	checkClean(a.watch, server.origin);
	// B's orders page asked for several things at once: each was refused.
	const refused = b.watch.badResponses.map((r) => r.replace(server.origin, ''));
	assert.ok(refused.length > 0 && refused.every((r) => /^401 GET \/api\/v1\//.test(r)), refused.join(', '));
	checkClean(b.watch, server.origin, { expectedErrors: refused });
	await Promise.all([a.context.close(), b.context.close(), c.close()]);
});

test('a calendar key: its address shown once, with Copy, working until revoked; also from the Plan', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
	await logInContext(context, server, OWNER.login, OWNER.password);
	await gotoRoute(page, server, 'account');
	await field(page, 'What it is for').fill('Ann’s phone');
	assert.equal(await field(page, 'Kind').inputValue(), 'calendar');
	await page.getByRole('button', { name: 'Make it' }).click();
	const box = page.locator('[data-made] [data-secret]');
	await box.waitFor();
	const address = await box.inputValue();
	assert.match(address, new RegExp(`^${server.url}api/v1/plan\\.ics\\?key=[A-Za-z0-9_-]{40,}$`));
	await page.locator('[data-made]').getByRole('button', { name: 'Copy' }).click();
	await page.locator('[data-made] [role="status"]').getByText('Copied.').waitFor();
	assert.equal(await page.evaluate(() => navigator.clipboard.readText()), address);

	// A calendar app, with no cookie, gets the plan at that address.
	const feed = await fetch(address);
	assert.equal(feed.status, 200);
	assert.match(feed.headers.get('content-type'), /^text\/calendar/);

	// Shown once: the list names it, and no page holds the secret again.
	await page.reload();
	await onPage(page, 'Your account');
	const row = page.locator('[data-token]').filter({ hasText: 'Ann’s phone' });
	assert.match(await row.innerText(), /Calendar key/);
	const key = new URL(address).searchParams.get('key');
	assert.equal((await page.content()).includes(key), false);
	assert.equal(JSON.stringify((await context.request.get(new URL('/api/v1/tokens', server.url).href).then((r) => r.json()))).includes(key), false);

	await row.getByRole('button', { name: 'Revoke “Ann’s phone”' }).click();
	await row.getByRole('button', { name: 'Yes, revoke it' }).click();
	assert.match(await flash(page), /^Revoked “Ann’s phone”/);
	assert.equal((await fetch(address)).status, 401);

	// The Plan's subscribe button leads to making a key, and the address works.
	await gotoRoute(page, server, 'plan');
	await page.getByRole('button', { name: 'Subscribe on your phone’s calendar' }).click();
	assert.equal(await page.evaluate(() => document.activeElement.dataset.makeKey), '');
	await page.getByRole('button', { name: 'Make a calendar key' }).click();
	const planBox = page.locator('[data-feed] [data-secret]');
	await planBox.waitFor();
	const planAddress = await planBox.inputValue();
	assert.equal(await page.locator('[data-subscribe]').getAttribute('href'), planAddress.replace(/^http:/, 'webcal:'));
	assert.equal((await fetch(planAddress)).status, 200);
	checkClean(watch, server.origin);
	await context.close();
});

test('the owner’s accounts page: add a maker, change a role, the last owner kept, reset a password, remove', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await logInContext(context, server, OWNER.login, OWNER.password);
	await gotoRoute(page, server, 'accounts');
	const add = page.locator('[data-add-account]');
	await field(add, 'Name').fill('Jo Brand');
	await field(add, 'Login').fill('jo');
	await field(add, 'Role').selectOption('maker');
	await field(add, 'Password (required)').fill('jo-bakes-rye');
	await field(add, 'Password again').fill('jo-bakes-rye');
	await add.getByRole('button', { name: 'Add this person' }).click();
	assert.match(await flash(page), /^Added Jo Brand as maker\. They log in as jo/);
	const jo = page.locator('[data-account="jo"]');
	assert.match(await jo.innerText(), /Maker/);

	// The same login again: the server's words beside the field.
	await field(add, 'Name').fill('Jo Again');
	await field(add, 'Login').fill('JO');
	await field(add, 'Password (required)').fill('jo-bakes-rye');
	await field(add, 'Password again').fill('jo-bakes-rye');
	await add.getByRole('button', { name: 'Add this person' }).click();
	await add.locator('[data-form-error]').getByText('Not added.').waitFor();
	assert.ok(await fieldError(field(add, 'Login')));

	// The only owner stays one, in the server's words.
	const ann = page.locator('[data-account="ann"]');
	await field(ann, 'Role of Ann Baker').selectOption('maker');
	await ann.getByRole('button', { name: 'Change role' }).click();
	const annRole = ann.locator('[data-role-form] [role="alert"]');
	await annRole.getByText('Not changed.').waitFor();
	assert.match(await annRole.innerText(), /ann is the only owner and cannot be made something else/i);
	await ann.getByRole('button', { name: 'Remove this account' }).click();
	await ann.getByRole('button', { name: 'Yes, remove it' }).click();
	await ann.locator('.delete-control [role="alert"]').getByText('Not removed.').waitFor();
	assert.match(await ann.locator('.delete-control [role="alert"]').innerText(), /only owner and cannot be removed/);

	// Jo becomes a viewer, gets a new password, and is removed.
	await field(jo, 'Role of Jo Brand').selectOption('viewer');
	await jo.getByRole('button', { name: 'Change role' }).click();
	assert.match(await flash(page, 'Jo Brand is now'), /^Jo Brand is now viewer/);
	const joContext = await browser.newContext();
	await logInContext(joContext, server, 'jo', 'jo-bakes-rye');
	await page.locator('[data-account="jo"] summary').click();
	const reset = page.locator('[data-account="jo"] [data-reset]');
	await field(reset, 'Password (required)').fill('jo-bakes-spelt');
	await field(reset, 'Password again').fill('jo-bakes-spelt');
	await reset.getByRole('button', { name: 'Set this password' }).click();
	assert.match(await flash(page, 'Set a new password'), /^Set a new password for Jo Brand/);
	assert.equal((await joContext.request.get(new URL('/api/v1/session', server.url).href)).status(), 401, 'Jo is logged out');
	const who = await logInContext(joContext, server, 'jo', 'jo-bakes-spelt');
	assert.equal(who.role, 'viewer');
	await joContext.close();
	await page.locator('[data-account="jo"]').getByRole('button', { name: 'Remove this account' }).click();
	await page.locator('[data-account="jo"]').getByRole('button', { name: 'Yes, remove it' }).click();
	assert.match(await flash(page, 'Removed'), /^Removed Jo Brand’s account/);
	assert.equal(await page.locator('[data-account="jo"]').count(), 0);
	checkClean(watch, server.origin, {
		expectedErrors: ['409 POST /api/v1/accounts', '409 PATCH /api/v1/accounts/1', '409 DELETE /api/v1/accounts/1'],
	});
	await context.close();
});

test('who changed what: the owner’s change of a price, before and after, filtered and paged', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await logInContext(context, server, OWNER.login, OWNER.password);
	await gotoRoute(page, server, `products/${seeded.product.id}`);
	await field(page, 'Selling price (each)').fill('3.50');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await flash(page);

	await gotoRoute(page, server, 'audit');
	const first = page.locator('[data-audit]').first();
	assert.equal(await first.getAttribute('data-action'), 'update');
	const text = await first.innerText();
	assert.match(text, /^ann changed product “Cherry bakewell tart”/);
	assert.equal((await first.locator('[data-change="Selling price (each)"]').textContent()).trim(),
		'Selling price (each): £3.25 → changed to £3.50');
	assert.equal(await first.getByRole('link', { name: 'product “Cherry bakewell tart”' }).getAttribute('href'), `#/products/${seeded.product.id}`);
	// Mo's change of the name is there too, under Mo's login.
	await field(page, 'Who').fill('mo');
	await page.getByRole('button', { name: 'Show' }).click();
	await page.waitForFunction(() => location.hash === '#/audit?actor=mo');
	await page.locator('[data-audit]').first().waitFor();
	await waitIdle(page);
	const mo = page.locator('[data-audit]');
	assert.ok(await mo.count() >= 1);
	for (const t of await mo.allInnerTexts())
		assert.match(t, /^mo /);
	const renamed = page.locator('[data-audit][data-action="update"]').filter({ hasText: 'changed product' });
	assert.equal((await renamed.locator('[data-change="Name"]').textContent()).trim(), 'Name: Cherry bakewell → changed to Cherry bakewell tart');

	// Pages of 25, newest first.
	const token = await ownerToken();
	for (let i = 0; i < 26; i++)
		assert.equal((await bearer(token, '/api/v1/customers', { name: `Customer ${i}` })).status, 201);
	await gotoRoute(page, server, 'audit');
	assert.equal(await page.locator('[data-audit]').count(), 25);
	assert.match(await page.locator('[data-audit]').first().innerText(), /added customer “Customer 25”/);
	await page.locator('[data-page-link="older"]').click();
	await page.waitForFunction(() => location.hash === '#/audit?offset=25');
	await page.locator('[data-page-link="newer"]').waitFor();
	await waitIdle(page);
	assert.match(await page.locator('[data-audit]').first().innerText(), /added customer “Customer 0”/);
	checkClean(watch, server.origin);
	await context.close();
});

test('phone, 390 px: logging in, the menu saying who is logged in, your account, accounts and the audit log', async (t) => {
	const PHONE = { viewport: { width: 390, height: 844 } };
	const { context, page, watch } = await openPage(browser, 'phone', { ...PHONE, ...AXE_CONTEXT });
	await gotoRoute(page, server, 'account');
	await onPage(page, 'Log in');
	const check = async (what) => {
		assert.equal(await sidewaysOverflow(page), 0, `${what}: sideways`);
		assert.deepEqual(await smallTargets(page, TARGETS), [], `${what}: tap targets`);
		assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], `${what}: axe`);
	};
	await check('login');
	await field(page, 'Login').tap();
	await page.keyboard.type(OWNER.login);
	assert.equal(await field(page, 'Login').getAttribute('autocapitalize'), 'none');
	assert.equal(await field(page, 'Password').getAttribute('type'), 'password');
	await field(page, 'Password').fill(OWNER.password);
	await page.getByRole('button', { name: 'Log in' }).tap();
	await onPage(page, 'Your account');
	await check('your account');

	// Who is logged in is in the menu, with Log out.
	assert.equal(await page.locator('[data-who-name]').isVisible(), false, 'behind the Menu button');
	await page.getByRole('button', { name: 'Menu' }).tap();
	assert.equal(await page.locator('[data-who-name]').isVisible(), true);
	assert.equal(await page.getByRole('button', { name: 'Log out', exact: true }).isVisible(), true);
	await check('the open menu');
	await page.getByRole('button', { name: 'Menu' }).tap();

	for (const [route, title] of [['accounts', 'Accounts'], ['audit', 'Who changed what'], ['setup', 'Create the owner’s account']]) {
		await gotoRoute(page, server, route);
		await onPage(page, title);
		await check(route);
	}
	checkClean(watch, server.origin, { expectedErrors: ['401 GET /api/v1/session'] });
	await context.close();
});

// Last: after this the throttle makes this address wait.
test('too many wrong passwords: the wait said in words', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'login');
	await field(page, 'Login').fill('mo');
	const alert = page.locator('[data-login-error]');
	let last = '';
	for (let i = 0; i < 8 && !/Too many/.test(last); i++) {
		await field(page, 'Password').fill(`wrong-${i}`);
		await page.getByRole('button', { name: 'Log in' }).click();
		await alert.getByText('Not logged in.').waitFor();
		last = (await alert.innerText()).trim();
		await alert.evaluate((n) => n.replaceChildren());
	}
	assert.match(last, /^Not logged in\. Too many wrong passwords\. Wait (\d+ seconds|1 minute), then try again\.$/);
	checkClean(watch, server.origin, { expectedErrors: watch.badResponses.map((r) => r.replace(server.origin, '')) });
	assert.ok(watch.badResponses.some((r) => r.replace(server.origin, '').startsWith('429 POST /api/v1/session')));
	await context.close();
});
