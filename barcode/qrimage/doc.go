// Package qrimage renders payloads as QR code PNGs with exact geometry,
// reads them back, and measures the geometry of a QR code from its pixels
// alone, so that a harness can check rules such as "at least 4 modules of
// quiet zone" or "decodes when scaled down to 3 pixels per module".
//
// Rendering encodes the symbol itself (ISO/IEC 18004: the payload's bytes
// in one byte-mode segment, the smallest version that holds them, the mask
// of lowest penalty) and writes a 1-bit PNG straight from the modules: a
// harness draws codes by the thousand, and a general encoder and PNG
// writer took most of a certification's time. zbar reads every version it
// draws (zbar_test.go). Decoding uses github.com/makiuchi-d/gozxing, fed
// the picture's luminance directly. Text is UTF-8 throughout, as EMV
// payloads are.
package qrimage
