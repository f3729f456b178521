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
//
// The loops over one symbol's modules or one picture's pixels are marked
// //go:norace. Each reads the bytes or picture it was given and writes
// only buffers its own call made, which no other goroutine sees, so the
// race detector has nothing to find inside them; instrumenting them cost a
// fifth of a certification's CPU under -race. The code that hands pictures
// between goroutines, and the callers' use of what they return, are
// instrumented as before.
package qrimage
