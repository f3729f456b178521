package qrimage

// Scale resizes a QR code PNG, nearest-neighbour, so that each module is
// pxPerModule pixels wide, keeping the quiet zone in modules. It serves
// checks such as "decodes when scaled down to 3 pixels per module".
func Scale(data []byte, pxPerModule int) ([]byte, error) {
	p, err := Read(data)
	if err != nil {
		return nil, err
	}
	small, err := p.Scale(pxPerModule)
	if err != nil {
		return nil, err
	}
	return small.png()
}

// Resize scales a PNG to width x height pixels by nearest-neighbour
// sampling, which keeps modules sharp-edged, and returns a grayscale PNG.
func Resize(data []byte, width, height int) ([]byte, error) {
	p, err := Read(data)
	if err != nil {
		return nil, err
	}
	small, err := p.Resize(width, height)
	if err != nil {
		return nil, err
	}
	return small.png()
}
