// @ts-check
'use strict';

/**
 * Tiny PNG encoder for the emulator's cover images: a 16x16 truecolour image of one colour
 * derived from a hash of the file name, so every image is valid, small, deterministic and
 * different from the others. Built with node:zlib and a hand-written CRC32 (zlib.crc32 only
 * exists from Node 20.15 / 22.2).
 */

const crypto = require('node:crypto');
const zlib = require('node:zlib');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SIZE = 16;

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
	const { r, g, b } = colourFor(fileName);
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(SIZE, 0); // width
	ihdr.writeUInt32BE(SIZE, 4); // height
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: truecolour RGB
	ihdr[10] = 0; // compression: deflate
	ihdr[11] = 0; // filter method
	ihdr[12] = 0; // no interlace
	const row = Buffer.alloc(1 + SIZE * 3); // filter byte 0 + pixels
	for (let x = 0; x < SIZE; x++) {
		row[1 + x * 3] = r;
		row[2 + x * 3] = g;
		row[3 + x * 3] = b;
	}
	const raw = Buffer.concat(Array.from({ length: SIZE }, () => row));
	const png = Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
	if (cache.size > 1000) cache.clear();
	cache.set(fileName, png);
	return png;
}

module.exports = { pngFor, crc32, colourFor, PNG_SIZE: SIZE };
