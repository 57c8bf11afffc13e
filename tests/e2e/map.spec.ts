import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import type { BrowserContext, Locator } from 'playwright-core';
import { expectText, test } from './harness.js';
import { addResource, createFestival, tab } from './festival-helpers.js';

const TILES = 'https://tile.openstreetmap.org/**';

/** A 256×256 PNG of one colour (8-bit RGB), made here: the tests have no tile server. */
function pngTile(r: number, g: number, b: number): Buffer {
	const chunk = (type: string, data: Buffer): Buffer => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc32(body), body.length + 4);
		return out;
	};
	const size = 256;
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 2, 0, 0, 0], 8); // bit depth 8, RGB, deflate, no filter method, no interlace
	const row = Buffer.alloc(1 + size * 3);
	for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
	const pixels = Buffer.concat(Array.from({ length: size }, () => row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(pixels)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const TILE = pngTile(0xd8, 0xe8, 0xc8);

/** Answers every tile request with {@link TILE}; returns how many were asked for so far. */
async function serveTiles(context: BrowserContext): Promise<() => number> {
	let served = 0;
	await context.route(TILES, (route) => {
		served++;
		return route.fulfill({ status: 200, contentType: 'image/png', body: TILE });
	});
	return () => served;
}

async function until(what: string, check: () => Promise<boolean>, timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Waits for drawn tiles in `map` (scrolled into view first: a map starts when it comes near the screen). */
async function tilesLoaded(map: Locator): Promise<void> {
	await map.scrollIntoViewIfNeeded();
	await until(
		'map tiles have loaded',
		async () => (await map.locator('img.leaflet-tile-loaded').count()) > 0
	);
}

async function position(form: Locator): Promise<{ lat: number; lon: number }> {
	const lat = await form.getByLabel('Latitude').inputValue();
	const lon = await form.getByLabel('Longitude').inputValue();
	for (const v of [lat, lon])
		assert.match(
			v,
			/^-?\d{1,3}(\.\d{1,6})?$/,
			`a coordinate with at most 6 decimals, got ${JSON.stringify(v)}`
		);
	return { lat: Number(lat), lon: Number(lon) };
}

test('a location with coordinates shows a map with a marker; clicking the form map fills latitude and longitude', async ({
	context,
	page,
	baseURL
}) => {
	const served = await serveTiles(context);
	await createFestival(page, baseURL, 'Map Fest');
	await addResource(page, { name: 'Main Hall', lat: '52.52', lon: '13.405' });
	await expectText(
		page.getByTestId('place'),
		/52\.52000, 13\.40500[\s\S]*map \(opens OpenStreetMap\)/
	);

	const map = page.getByRole('region', { name: 'Map of Main Hall' });
	await tilesLoaded(map);
	assert.ok(served() > 0, 'tiles were asked of the tile server');
	assert.equal(await map.locator('path.location-map-marker').count(), 1, 'one marker');
	await expectText(map.locator('.leaflet-control-attribution'), /© OpenStreetMap contributors/);
	assert.equal(await page.getByTestId('map-note').count(), 0, 'no note about tiles');

	// The form's map: typed coordinates move its marker into view; a click picks a position.
	const form = page.getByRole('form', { name: 'Add resource' });
	await form.getByLabel('Resource name').fill('Garden');
	const pick = form.getByRole('region', { name: 'Map for choosing the position' });
	await tilesLoaded(pick);
	assert.equal(
		await pick.locator('path.location-map-marker').count(),
		0,
		'no marker before a position'
	);
	await pick.click({ position: { x: 120, y: 90 } });
	const first = await position(form);
	// The form's map opened around the festival's place (Main Hall), not on the whole world.
	assert.ok(
		Math.abs(first.lat - 52.52) < 0.1 && Math.abs(first.lon - 13.405) < 0.2,
		`a position near Main Hall, got ${JSON.stringify(first)}`
	);
	await until(
		'the marker is on the form map',
		async () => (await pick.locator('path.location-map-marker').count()) === 1
	);

	await form.getByLabel('Latitude').fill('48.8566');
	await form.getByLabel('Longitude').fill('2.3522');
	// The map now centres on the typed position, zoomed in: its middle is within a few metres.
	await until('the form map centred on the typed position', async () => {
		const box = await pick.boundingBox();
		const marker = await pick.locator('path.location-map-marker').boundingBox();
		if (!box || !marker) return false;
		return (
			Math.abs(marker.x + marker.width / 2 - (box.x + box.width / 2)) < 3 &&
			Math.abs(marker.y + marker.height / 2 - (box.y + box.height / 2)) < 3
		);
	});
	await pick.click({
		position: {
			x: (await pick.boundingBox())!.width / 2 + 40,
			y: (await pick.boundingBox())!.height / 2
		}
	});
	const picked = await position(form);
	assert.ok(
		Math.abs(picked.lat - 48.8566) < 0.001 && picked.lon > 2.3522 && picked.lon - 2.3522 < 0.01,
		`near the typed position, east of it: ${JSON.stringify(picked)}`
	);

	await form.getByRole('button', { name: 'Add resource' }).click();
	await expectText(page.getByRole('status').filter({ hasText: 'Added' }), 'Added “Garden”.');
	const garden = page.getByTestId('resource').filter({ hasText: 'Garden' });
	await expectText(
		garden.getByTestId('place'),
		new RegExp(
			`${picked.lat.toFixed(5).replace('.', '\\.')}, ${picked.lon.toFixed(5).replace('.', '\\.')}`
		)
	);
	await tilesLoaded(garden.getByRole('region', { name: 'Map of Garden' }));
});

test('when map tiles cannot load, the map says so and the coordinates stay', async ({
	context,
	page,
	baseURL
}) => {
	await context.route(TILES, (route) => route.abort());
	await createFestival(page, baseURL, 'Offline Map Fest');
	await addResource(page, { name: 'Stage', lat: '-33.8568', lon: '151.2153' });
	const stage = page.getByTestId('resource').filter({ hasText: 'Stage' });
	await stage.scrollIntoViewIfNeeded();
	await expectText(
		stage.getByTestId('map-note'),
		/^Map tiles could not load; the coordinates are above\./
	);
	await expectText(stage.getByTestId('place'), /-33\.85680, 151\.21530/);
	assert.equal(
		await stage.getByRole('region', { name: 'Map of Stage' }).count(),
		0,
		'the grey map is hidden'
	);
	const form = page.getByRole('form', { name: 'Add resource' });
	await expectText(
		form.getByTestId('map-note'),
		/^Map tiles could not load; type the latitude and longitude above\./
	);

	// Back online: trying again shows the map.
	await context.unroute(TILES);
	await serveTiles(context);
	await stage.getByRole('button', { name: 'Try the map again (Map of Stage)' }).click();
	await tilesLoaded(stage.getByRole('region', { name: 'Map of Stage' }));
	assert.equal(await stage.getByTestId('map-note').count(), 0);
	// Leaving the page takes the maps down (the runner fails a test on any uncaught page error).
	await tab(page, 'Overview');
});

test('a map that gave up offline shows its tiles when the browser is back online', async ({
	context,
	page,
	baseURL
}) => {
	// Routed requests skip the browser's offline emulation: the route goes offline with it.
	let offline = false;
	await context.route(TILES, (route) =>
		offline
			? route.abort('internetdisconnected')
			: route.fulfill({ status: 200, contentType: 'image/png', body: TILE })
	);
	await createFestival(page, baseURL, 'Offline First Fest');
	// Open the tab (and the form's map, which loads Leaflet) while online: on a first visit the
	// service worker may not have cached the app yet.
	await tab(page, 'Resources');
	await tilesLoaded(page.getByRole('region', { name: 'Map for choosing the position' }));
	offline = true;
	await context.setOffline(true);
	await addResource(page, { name: 'Tent', lat: '47.3769', lon: '8.5417' });
	const tent = page.getByTestId('resource').filter({ hasText: 'Tent' });
	await tent.scrollIntoViewIfNeeded();
	await expectText(tent.getByTestId('map-note'), /^Map tiles could not load/);
	await expectText(tent.getByTestId('place'), /47\.37690, 8\.54170/);
	offline = false;
	await context.setOffline(false);
	await tilesLoaded(tent.getByRole('region', { name: 'Map of Tent' }));
	assert.equal(await tent.getByTestId('map-note').count(), 0);
});
