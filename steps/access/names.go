package access

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

// How an institution's, a merchant's or a consumer's name is written: the
// contract allows any text, and a platform that treats a name it cannot
// read as ASCII worse (a refusal, a reason left out, an option moved) treats
// the institutions behind such names worse. Each form draws a name of its
// own, so that no two cases share one by accident.
const (
	nameLatin       = "Latin letters"
	nameChinese     = "Chinese"
	nameMixed       = "Chinese and Latin"
	namePunctuation = "with punctuation"
	nameLong        = "long"
)

var nameForms = []string{nameLatin, nameChinese, nameMixed, namePunctuation, nameLong}

// hanzi are characters institutions' and shops' names are made of.
var hanzi = []rune("银联付宝通汇易捷信安和融金钱包微小商城茶馆市集")

func chinese(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(hanzi[r.IntN(len(hanzi))])
	}
	return b.String()
}

func title(s string) string {
	rs := []rune(s)
	if len(rs) > 0 {
		rs[0] = unicode.ToUpper(rs[0])
	}
	return string(rs)
}

// institutionName writes the name of the institution id in form: what it
// is called in its connection request, and so on the payment screen.
func institutionName(r *rand.Rand, form, id string) string {
	word := title(strings.TrimPrefix(id, "pi-"))
	switch form {
	case nameChinese:
		return chinese(r, 2+r.IntN(3)) + "支付有限公司"
	case nameMixed:
		return word + " " + chinese(r, 2) + "支付"
	case namePunctuation:
		return word + " Pay (Shenzhen) Co., Ltd. — \"" + chinese(r, 2) + "\" & Partners"
	case nameLong:
		return word + " " + strings.Repeat(chinese(r, 4)+" Payment Technology ", 6) + "Co., Ltd."
	}
	return word + " Pay"
}

// merchantName writes a shop's name in form.
func merchantName(r *rand.Rand, form, id string) string {
	switch form {
	case nameChinese:
		return chinese(r, 2+r.IntN(3)) + "茶馆"
	case nameMixed:
		return title(id) + " " + chinese(r, 2) + "小店"
	case namePunctuation:
		return title(id) + "'s Tea & Cakes (No. 3, 南京路)"
	case nameLong:
		return title(id) + strings.Repeat(" "+chinese(r, 4)+" Tea House", 8)
	}
	return title(id) + " Tea House"
}

// consumerName is a consumer of case i, written in form: a consumer's name
// is the checkout's "consumer", the payer the wallet is told of.
func consumerName(r *rand.Rand, form string, i int) string {
	switch form {
	case nameChinese:
		return chinese(r, 3) + "-" + strconv.Itoa(i)
	case nameMixed:
		return "Wang " + chinese(r, 2) + "-" + strconv.Itoa(i)
	}
	return "shopper-" + strconv.Itoa(i)
}
