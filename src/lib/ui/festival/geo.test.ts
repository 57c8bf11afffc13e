import { describe, expect, it } from 'vitest';
import {
	coordinateText,
	pickedPosition,
	readPosition,
	roundCoordinate,
	samePosition,
	TILE_URL,
	wrapLongitude
} from './geo.js';

describe('roundCoordinate', () => {
	it('keeps six decimals', () => {
		expect(roundCoordinate(52.520008123)).toBe(52.520008);
		expect(roundCoordinate(13.4049995)).toBe(13.405);
		expect(roundCoordinate(-0.0000004)).toBe(0);
		expect(Object.is(roundCoordinate(-0.0000004), -0)).toBe(false);
	});
});

describe('wrapLongitude', () => {
	it('leaves -180..180 alone and wraps the rest', () => {
		expect(wrapLongitude(13.4)).toBe(13.4);
		expect(wrapLongitude(180)).toBe(180);
		expect(wrapLongitude(-180)).toBe(-180);
		expect(wrapLongitude(190)).toBeCloseTo(-170, 9);
		expect(wrapLongitude(-190)).toBeCloseTo(170, 9);
		expect(wrapLongitude(373.4)).toBeCloseTo(13.4, 9);
		expect(wrapLongitude(540)).toBe(180);
	});
});

describe('pickedPosition', () => {
	it('rounds, wraps and clamps a clicked point', () => {
		expect(pickedPosition(52.5200081234, 373.4050049)).toEqual({ lat: 52.520008, lon: 13.405005 });
		expect(pickedPosition(91, -13)).toEqual({ lat: 90, lon: -13 });
	});
});

describe('readPosition', () => {
	it('reads two valid coordinates', () => {
		expect(readPosition('52.52', ' 13.405 ')).toEqual({ lat: 52.52, lon: 13.405 });
		expect(readPosition('-90', '180')).toEqual({ lat: -90, lon: 180 });
		expect(readPosition('0', '0')).toEqual({ lat: 0, lon: 0 });
	});
	it('gives nothing while a field is empty or wrong', () => {
		expect(readPosition('', '13.4')).toBeUndefined();
		expect(readPosition('52.5', '  ')).toBeUndefined();
		expect(readPosition('91', '13')).toBeUndefined();
		expect(readPosition('52', '181')).toBeUndefined();
		expect(readPosition('north', '13')).toBeUndefined();
		expect(readPosition('Infinity', '13')).toBeUndefined();
		expect(readPosition('52', 'NaN')).toBeUndefined();
	});
});

describe('coordinateText', () => {
	it('writes plain decimals a form field reads back', () => {
		expect(coordinateText(52.520008)).toBe('52.520008');
		expect(coordinateText(0.000001)).toBe('0.000001');
		expect(coordinateText(0.00000001)).toBe('0');
		expect(coordinateText(-0)).toBe('0');
		expect(readPosition(coordinateText(-33.8688197), coordinateText(151.2092956))).toEqual({
			lat: -33.86882,
			lon: 151.209296
		});
	});
});

describe('samePosition', () => {
	it('compares to six decimals', () => {
		expect(samePosition({ lat: 1, lon: 2 }, { lat: 1.0000001, lon: 2 })).toBe(true);
		expect(samePosition({ lat: 1, lon: 2 }, { lat: 1.00001, lon: 2 })).toBe(false);
		expect(samePosition(undefined, undefined)).toBe(true);
		expect(samePosition({ lat: 1, lon: 2 }, undefined)).toBe(false);
	});
});

it('the tile URL is a {z}/{x}/{y} template on OpenStreetMap', () => {
	expect(TILE_URL).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
});
