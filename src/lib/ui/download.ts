/**
 * Saves data as a file through the browser's download (a temporary object URL on a link).
 * @module
 */

/** Offers `data` for download as `fileName` with the given MIME type. */
export function downloadFile(data: BlobPart, fileName: string, type: string): void {
	const url = URL.createObjectURL(new Blob([data], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
