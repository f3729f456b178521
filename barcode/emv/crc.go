package emv

// crcTable holds CRC-16/CCITT-FALSE remainders for every byte value, so
// that the checksum costs one lookup per byte instead of eight shifts.
var crcTable = func() (t [256]uint16) {
	for b := range t {
		c := uint16(b) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
		t[b] = c
	}
	return t
}()

// CRC16 computes CRC-16/CCITT-FALSE (polynomial 0x1021, initial value
// 0xFFFF, no reflection, no final XOR), the checksum that ID 63 carries.
// The specification computes it over the UTF-8 bytes of the whole payload
// up to and including the "6304" that introduces the checksum.
func CRC16(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, b := range data {
		crc = crc<<8 ^ crcTable[byte(crc>>8)^b]
	}
	return crc
}

// crcHex renders the checksum of s as ID 63 carries it: four hexadecimal
// digits, written in capitals as EMVCo's examples are. Validate reads them
// in either case.
func crcHex(s string) string {
	const hexDigits = "0123456789ABCDEF"
	c := crc16String(s)
	return string([]byte{hexDigits[c>>12], hexDigits[c>>8&0xF], hexDigits[c>>4&0xF], hexDigits[c&0xF]})
}

// crc16String is CRC16 without copying s into a byte slice.
func crc16String(s string) uint16 {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc = crc<<8 ^ crcTable[byte(crc>>8)^s[i]]
	}
	return crc
}
