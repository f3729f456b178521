//go:build race

package certificate

// flipStride is how far apart the bytes TestOneByteChangedIsRejected flips
// are. Under the race detector every Verify is several times slower and the
// loop is one goroutine's, with nothing for the detector to find, so it
// flips every ninth byte; 'make test' runs the test again without -race,
// flipping every byte.
const flipStride = 9
