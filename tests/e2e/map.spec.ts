import { crc32, deflateSync } from 'node:zlib';
import type { BrowserContext, Locator } from '@playwright/test';
import { expect, test } from './fixtures.js';
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

/** Waits for drawn tiles in `map` (scrolled into view first: a map starts when it comes near the screen). */
async function tilesLoaded(map: Locator): Promise<void> {
	await map.scrollIntoViewIfNeeded();
	await expect(
		map.locator('img.leaflet-tile-loaded').first(),
		'map tiles have loaded'
	).toBeAttached();
}

async function position(form: Locator): Promise<{ lat: number; lon: number }> {
	const lat = await form.getByLabel('Latitude').inputValue();
	const lon = await form.getByLabel('Longitude').inputValue();
	for (const v of [lat, lon])
		expect(v, `a coordinate with at most 6 decimals, got ${JSON.stringify(v)}`).toMatch(
			/^-?\d{1,3}(\.\d{1,6})?$/
		);
	return { lat: Number(lat), lon: Number(lon) };
}

test('a location with coordinates shows a map with a marker; clicking the form map fills latitude and longitude', async ({
	context,
	page
}) => {
	const served = await serveTiles(context);
	await createFestival(page, 'Map Fest');
	await addResource(page, { name: 'Main Hall', lat: '52.52', lon: '13.405' });
	await expect(page.getByTestId('place')).toHaveText(
		/52\.52000, 13\.40500[\s\S]*map \(opens OpenStreetMap\)/
	);

	const map = page.getByRole('region', { name: 'Map of Main Hall' });
	await tilesLoaded(map);
	expect(served() > 0, 'tiles were asked of the tile server').toBeTruthy();
	await expect(map.locator('path.location-map-marker'), 'one marker').toHaveCount(1);
	await expect(map.locator('.leaflet-control-attribution')).toHaveText(
		/© OpenStreetMap contributors/
	);
	await expect(page.getByTestId('map-note'), 'no note about tiles').toHaveCount(0);

	// The form's map: typed coordinates move its marker into view; a click picks a position.
	const form = page.getByRole('form', { name: 'Add resource' });
	await form.getByLabel('Resource name').fill('Garden');
	const pick = form.getByRole('region', { name: 'Map for choosing the position' });
	await tilesLoaded(pick);
	await expect(pick.locator('path.location-map-marker'), 'no marker before a position').toHaveCount(
		0
	);
	await pick.click({ position: { x: 120, y: 90 } });
	const first = await position(form);
	// The form's map opened around the festival's place (Main Hall), not on the whole world.
	expect(
		Math.abs(first.lat - 52.52) < 0.1 && Math.abs(first.lon - 13.405) < 0.2,
		`a position near Main Hall, got ${JSON.stringify(first)}`
	).toBeTruthy();
	await expect(
		pick.locator('path.location-map-marker'),
		'the marker is on the form map'
	).toHaveCount(1);

	await form.getByLabel('Latitude').fill('48.8566');
	await form.getByLabel('Longitude').fill('2.3522');
	// The map now centres on the typed position, zoomed in: its middle is within a few metres.
	await expect
		.poll(
			async () => {
				const box = await pick.boundingBox();
				const marker = await pick.locator('path.location-map-marker').boundingBox();
				if (!box || !marker) return false;
				return (
					Math.abs(marker.x + marker.width / 2 - (box.x + box.width / 2)) < 3 &&
					Math.abs(marker.y + marker.height / 2 - (box.y + box.height / 2)) < 3
				);
			},
			{ message: 'the form map centred on the typed position' }
		)
		.toBe(true);
	await pick.click({
		position: {
			x: (await pick.boundingBox())!.width / 2 + 40,
			y: (await pick.boundingBox())!.height / 2
		}
	});
	const picked = await position(form);
	expect(
		Math.abs(picked.lat - 48.8566) < 0.001 && picked.lon > 2.3522 && picked.lon - 2.3522 < 0.01,
		`near the typed position, east of it: ${JSON.stringify(picked)}`
	).toBeTruthy();

	await form.getByRole('button', { name: 'Add resource' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText('Added “Garden”.');
	const garden = page.getByTestId('resource').filter({ hasText: 'Garden' });
	await expect(garden.getByTestId('place')).toHaveText(
		new RegExp(
			`${picked.lat.toFixed(5).replace('.', '\\.')}, ${picked.lon.toFixed(5).replace('.', '\\.')}`
		)
	);
	await tilesLoaded(garden.getByRole('region', { name: 'Map of Garden' }));
});

test('when map tiles cannot load, the map says so and the coordinates stay', async ({
	context,
	page
}) => {
	await context.route(TILES, (route) => route.abort());
	await createFestival(page, 'Offline Map Fest');
	await addResource(page, { name: 'Stage', lat: '-33.8568', lon: '151.2153' });
	const stage = page.getByTestId('resource').filter({ hasText: 'Stage' });
	await stage.scrollIntoViewIfNeeded();
	await expect(stage.getByTestId('map-note')).toHaveText(
		/^\s*Map tiles could not load; the coordinates are above\./
	);
	await expect(stage.getByTestId('place')).toHaveText(/-33\.85680, 151\.21530/);
	await expect(
		stage.getByRole('region', { name: 'Map of Stage' }),
		'the grey map is hidden'
	).toHaveCount(0);
	const form = page.getByRole('form', { name: 'Add resource' });
	await expect(form.getByTestId('map-note')).toHaveText(
		/^\s*Map tiles could not load; type the latitude and longitude above\./
	);

	// Back online: trying again shows the map.
	await context.unroute(TILES);
	await serveTiles(context);
	await stage.getByRole('button', { name: 'Try the map again (Map of Stage)' }).click();
	await tilesLoaded(stage.getByRole('region', { name: 'Map of Stage' }));
	await expect(stage.getByTestId('map-note')).toHaveCount(0);
	// Leaving the page takes the maps down (the runner fails a test on any uncaught page error).
	await tab(page, 'Overview');
});

test('a map that gave up offline shows its tiles when the browser is back online', async ({
	context,
	page
}) => {
	// Routed requests skip the browser's offline emulation: the route goes offline with it.
	let offline = false;
	await context.route(TILES, (route) =>
		offline
			? route.abort('internetdisconnected')
			: route.fulfill({ status: 200, contentType: 'image/png', body: TILE })
	);
	await createFestival(page, 'Offline First Fest');
	// Open the tab (and the form's map, which loads Leaflet) while online: on a first visit the
	// service worker may not have cached the app yet.
	await tab(page, 'Resources');
	await tilesLoaded(page.getByRole('region', { name: 'Map for choosing the position' }));
	offline = true;
	await context.setOffline(true);
	await addResource(page, { name: 'Tent', lat: '47.3769', lon: '8.5417' });
	const tent = page.getByTestId('resource').filter({ hasText: 'Tent' });
	await tent.scrollIntoViewIfNeeded();
	await expect(tent.getByTestId('map-note')).toHaveText(/^\s*Map tiles could not load/);
	await expect(tent.getByTestId('place')).toHaveText(/47\.37690, 8\.54170/);
	offline = false;
	await context.setOffline(false);
	await tilesLoaded(tent.getByRole('region', { name: 'Map of Tent' }));
	await expect(tent.getByTestId('map-note')).toHaveCount(0);
});
