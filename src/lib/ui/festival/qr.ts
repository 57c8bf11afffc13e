/**
 * A QR code as an SVG path, from qrcode-generator: the dark modules as one path of unit
 * squares, for a `viewBox` of `size` × `size` (the code plus a quiet zone of 4 modules).
 * @module
 */
import qrcode from 'qrcode-generator';

/** A QR code ready to draw. */
export interface QrPath {
	/** Width and height of the view box, in modules. */
	readonly size: number;
	/** SVG path data of the dark modules. */
	readonly d: string;
}

/** The QR code of `text` (byte mode, error correction M, smallest version that fits). */
export function qrPath(text: string, quiet = 4): QrPath {
	const qr = qrcode(0, 'M');
	qr.addData(text, 'Byte');
	qr.make();
	const n = qr.getModuleCount();
	const parts: string[] = [];
	for (let r = 0; r < n; r++) {
		for (let c = 0; c < n; c++)
			if (qr.isDark(r, c)) parts.push(`M${c + quiet} ${r + quiet}h1v1h-1z`);
	}
	return { size: n + 2 * quiet, d: parts.join('') };
}
