// @ts-check
'use strict';

/**
 * PNG encoder for the emulator's cover images: a 512x512 stand-in cover (the size of a real
 * one) drawn from a hash of the file name: a diagonal blend of two colours, grooves like a record
 * and a centre label, so every image is valid, deterministic, different from the others and
 * recognisable as a cover in n8n's binary viewer. Built with node:zlib and a hand-written CRC32
 * (zlib.crc32 only exists from Node 20.15 / 22.2).
 */

const crypto = require('node:crypto');
const zlib = require('node:zlib');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SIZE = 512;

/** @type {Uint32Array} */
const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/**
 * @param {Buffer} buf
 * @returns {number} unsigned CRC32 (the one PNG and zlib use)
 */
function crc32(buf) {
	let c = 0xffffffff;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/**
 * @param {string} type four ASCII letters
 * @param {Buffer} data
 */
function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length, 0);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData), 0);
	return Buffer.concat([length, typeAndData, crc]);
}

/**
 * @param {string} fileName for example `cover0123_1.png`
 * @returns {{ r: number, g: number, b: number }}
 */
function colourFor(fileName) {
	const digest = crypto.createHash('sha256').update(fileName).digest();
	return { r: digest[0], g: digest[1], b: digest[2] };
}

/**
 * The pixels of the stand-in cover, as PNG scanlines (a filter byte 0 before each row).
 * @param {string} fileName
 */
function drawCover(fileName) {
	const from = colourFor(fileName);
	const to = colourFor(`${fileName}#2`);
	const label = colourFor(`${fileName}#label`);
	const raw = Buffer.alloc(SIZE * (1 + SIZE * 3));
	const centre = (SIZE - 1) / 2;
	for (let y = 0; y < SIZE; y++) {
		const rowStart = y * (1 + SIZE * 3);
		for (let x = 0; x < SIZE; x++) {
			const blend = (x + y) / (2 * (SIZE - 1));
			const radius = Math.hypot(x - centre, y - centre) / centre;
			let r = from.r + (to.r - from.r) * blend;
			let g = from.g + (to.g - from.g) * blend;
			let b = from.b + (to.b - from.b) * blend;
			if (radius < 0.22) {
				({ r, g, b } = label);
			} else if (radius < 0.9) {
				const groove = Math.floor(radius * 48) % 2 === 0 ? 0.55 : 0.7;
				r *= groove;
				g *= groove;
				b *= groove;
			}
			const at = rowStart + 1 + x * 3;
			raw[at] = r;
			raw[at + 1] = g;
			raw[at + 2] = b;
		}
	}
	return raw;
}

/**
 * Images kept once drawn (about 39 KB each): a file host serves stored files, but drawing one
 * takes about 18 ms of CPU, taken from n8n when both share a small machine. This many holds every
 * image of the largest benchmark run (1,000 covers, 2 images each); 200 made the downloads
 * benchmark (400 images a round) draw each image again every round, which set both sides' time.
 */
const CACHED_IMAGES = 2500;

/** @type {Map<string, Buffer>} */
const cache = new Map();

/**
 * The PNG bytes for an image file name (deterministic; cached).
 * @param {string} fileName
 * @returns {Buffer}
 */
function pngFor(fileName) {
	const cached = cache.get(fileName);
	if (cached) return cached;
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(SIZE, 0); // width
	ihdr.writeUInt32BE(SIZE, 4); // height
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: truecolour RGB
	ihdr[10] = 0; // compression: deflate
	ihdr[11] = 0; // filter method
	ihdr[12] = 0; // no interlace
	const raw = drawCover(fileName);
	const png = Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
	if (cache.size >= CACHED_IMAGES) cache.clear();
	cache.set(fileName, png);
	return png;
}

module.exports = { pngFor, crc32, colourFor, PNG_SIZE: SIZE };
