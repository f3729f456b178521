//go:build !race

package certificate

// flipStride is how far apart the bytes TestOneByteChangedIsRejected flips
// are: every byte, when the race detector is off (see race_on_test.go).
const flipStride = 1
