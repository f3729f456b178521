// Package qrimage renders payloads as QR code PNGs with exact geometry,
// reads them back, and measures the geometry of a QR code from its pixels
// alone, so that a harness can check rules such as "at least 4 modules of
// quiet zone" or "decodes when scaled down to 3 pixels per module".
//
// Rendering uses github.com/skip2/go-qrcode for the symbol and draws the
// image itself, because that library sizes images by total pixels and
// always adds its own 4-module border. Decoding uses
// github.com/makiuchi-d/gozxing. Text is UTF-8 throughout, as EMV
// payloads are.
package qrimage
