package sources

import (
	"fmt"
	"regexp"
	"strings"
)

// zhCN gives, for each known source (by the start of its Name), its
// original Chinese title and the pattern by which a line of the Chinese
// twin (features/zh-CN) cites it. A Chinese source line resolves to the same
// entries, at the same status and date, as the English line it twins: lint
// checks that it does.
//
// The titles of Chinese texts are their own; where a source has no Chinese
// original (EMVCo, ISO/IEC), the title is a rendering, and says so.
var zhCN = []struct{ name, title, cites string }{
	{"MIIT special rectification campaign", "工业和信息化部互联网行业专项整治行动（2021年7月起，为期半年）",
		`互联网行业专项整治行动`},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 1", "工业和信息化部“屏蔽网址链接问题行政指导会”（2021年9月9日；限期2021年9月17日），第一条合规标准",
		`屏蔽网址链接问题[^\[]*第[一二三、和及]*一[一二三、和及]*条`},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 2", "工业和信息化部“屏蔽网址链接问题行政指导会”（2021年9月9日；限期2021年9月17日），第二条合规标准",
		`屏蔽网址链接问题[^\[]*第[一二三、和及]*二[一二三、和及]*条`},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 3", "工业和信息化部“屏蔽网址链接问题行政指导会”（2021年9月9日；限期2021年9月17日），第三条合规标准",
		`屏蔽网址链接问题[^\[]*第[一二三、和及]*三[一二三、和及]*条`},
	{"WeChat external-link rules: direct access in one-to-one chats", "《微信外部链接内容管理规范》：一对一聊天中直接访问外部链接（2021年9月）",
		`微信外部链接内容管理规范[^\[]*一对一`},
	{"WeChat external-link rules: group chat pilot", "《微信外部链接内容管理规范》：群聊中试点直接访问电商链接（2021年11月起）",
		`微信外部链接内容管理规范[^\[]*群聊`},
	{"WeChat external-link rules: complaint entry", "《微信外部链接内容管理规范》：违规链接的投诉入口及按风险处置（2021年9月）",
		`微信外部链接内容管理规范[^\[]*(投诉|风险)`},
	{"WeChat's 2023 opening of its ad and video surfaces", "微信2023年向淘宝、天猫链接开放广告和视频号：公众号文章广告（2023年2月）、朋友圈广告（2023年5月，另有报道为6月）、视频号内容（2023年“双十一”前），据报道",
		`(公众号|朋友圈广告|视频号)`},
	{"Anti-Unfair Competition Law (revised 27 Jun 2025", "《中华人民共和国反不正当竞争法》（2025年6月27日修订，2025年10月15日起施行）第十三条，互联网专条（2017年文本经2019年修正后为第十二条）",
		`反不正当竞争法[^\[]*第十三条`},
	{"Anti-Unfair Competition Law (2017, amended 2019) Art. 12", "《中华人民共和国反不正当竞争法》（2017年修订，2019年修正）第十二条",
		`反不正当竞争法[^\[]*第十二条`},
	{"PBoC FinTech Development Plan", "中国人民银行《金融科技（FinTech）发展规划（2019—2021年）》（2019年8月印发）",
		`金融科技[^\[]*发展规划`},
	{"JR/T 0245-2025", "JR/T 0245—2025《支付条码技术规范》（2025年12月23日发布并实施，代替 JR/T 0245—2021）",
		`JR/T\s*0245[-–—]2025`},
	{"JR/T 0245-2021", "JR/T 0245—2021《支付条码技术规范》",
		`JR/T\s*0245[-–—]2021`},
	{"PBoC 2017 No. 296, Barcode Payment Business Rules (Trial) (issued 27 Dec 2017, in force 1 Apr 2018): daily limits", "《中国人民银行关于印发〈条码支付业务规范（试行）〉的通知》（银发〔2017〕296号，2017年12月27日印发，2018年4月1日起施行）：按风险等级的每日限额",
		`银发〔2017〕296号[^\[]*(限额|风险等级)`},
	{"PBoC 2017 No. 296, Barcode Payment Business Rules (Trial) (in force 1 Apr 2018): cross-institution", "《中国人民银行关于印发〈条码支付业务规范（试行）〉的通知》（银发〔2017〕296号，2018年4月1日起施行）：跨机构条码支付经持牌清算机构处理",
		`银发〔2017〕296号[^\[]*清算`},
	{"PBoC 2021 No. 259, Notice on payment acceptance terminals", "《中国人民银行关于加强支付受理终端及相关业务管理的通知》（银发〔2021〕259号，2021年10月13日印发，2022年3月1日起施行）：收款呈现明显经营特征的个人收款码",
		`银发〔2021〕259号[^\[]*(经营特征|商户收款码)`},
	{"PBoC 2021 No. 259 (in force 1 Mar 2022): static personal codes", "银发〔2021〕259号（2022年3月1日起施行）：静态个人收款码不得用于远程收款",
		`银发〔2021〕259号[^\[]*(远程|非面对面)`},
	{"PBoC 2021 No. 259 (in force 1 Mar 2022): a screenshot", "银发〔2021〕259号（2022年3月1日起施行）：动态码的截图视同静态码",
		`银发〔2021〕259号[^\[]*截图`},
	{"EMVCo QR Code Specification", "EMVCo《EMV 支付系统二维码规范：商户展示模式》（EMVCo 只以英文发布，中文名为译名）",
		`EMVCo`},
	{"ISO/IEC 18004", "ISO/IEC 18004《QR 码条码符号规范》（中文名为译名）",
		`18004`},
	{decree768 + ", Arts. 3 and 42", "《非银行支付机构监督管理条例》（国务院令第768号，2023年11月24日通过，2023年12月9日公布、12月17日公开，2024年5月1日起施行）第三条、第四十二条",
		`非银行支付机构监督管理条例》[^\[]*(第三条|第四十二条)`},
	{decree768 + ", Art. 20", "《非银行支付机构监督管理条例》（国务院令第768号，2024年5月1日起施行）第二十条",
		`非银行支付机构监督管理条例》[^\[]*第二十条`},
	{decree768 + ", Art. 25", "《非银行支付机构监督管理条例》（国务院令第768号，2024年5月1日起施行）第二十五条",
		`非银行支付机构监督管理条例》[^\[]*第二十五条`},
	{decree768 + ", Art. 30", "《非银行支付机构监督管理条例》（国务院令第768号，2024年5月1日起施行）第三十条",
		`非银行支付机构监督管理条例》[^\[]*第三十条`},
	{decree768 + ", Art. 34", "《非银行支付机构监督管理条例》（国务院令第768号，2024年5月1日起施行）第三十四条",
		`非银行支付机构监督管理条例》[^\[]*第三十四条`},
	{"Implementing Rules of the Regulation", "《非银行支付机构监督管理条例实施细则》（中国人民银行，2024年；自公布之日起施行，2024年7月）",
		`条例实施细则`},
	{"State Council General Office 2024 No. 10", "《国务院办公厅关于进一步优化支付服务提升支付便利性的意见》（国办发〔2024〕10号，2024年3月）",
		`国办发〔2024〕10号`},
	{"E-Commerce Law (in force 1 Jan 2019) Art. 34", "《中华人民共和国电子商务法》（2019年1月1日起施行）第三十四条",
		`电子商务法[^\[]*第三十四条`},
	{"Taobao announcement", "淘宝《关于淘宝新增微信支付能力的意见征集》（2024年9月4日，据报道）",
		`淘宝[^\[]*意见征集`},
	{"Taobao customer service", "淘宝客服关于微信支付逐步开放的答复（2022—2024年，据报道）",
		`淘宝客服`},
	{"E-Commerce Law (in force 1 Jan 2019) Art. 35", "《中华人民共和国电子商务法》（2019年1月1日起施行）第三十五条",
		`电子商务法[^\[]*第三十五条`},
	{"Consumer Rights Protection Law", "《中华人民共和国消费者权益保护法》（2013年修正，2014年3月15日起施行）第九条",
		`消费者权益保护法[^\[]*第九条`},
	{"Press reports on the Taobao–WeChat Pay interconnection", "媒体报道：淘宝与微信支付的互联互通，2021—2024年（shared/seeds）",
		`媒体报道`},
	{"Reports of 26 Sep 2024, carried by Southern Metropolis Daily", "2024年9月26日的报道（南方都市报转述）：淘宝、天猫将接入京东物流（预计2024年10月中旬上线），京东将接入菜鸟速递和菜鸟驿站（shared/seeds）",
		`京东物流`},
	{"Expert opinion on equal access for tail payment institutions", "关于尾部支付机构平等接入的专家意见（如盘和林）",
		`(盘和林|专家意见)`},
}

func init() {
	for _, z := range zhCN {
		n := 0
		for i := range Known {
			if !strings.HasPrefix(Known[i].Name, z.name) {
				continue
			}
			n++
			k := &Known[i]
			if k.Titles == nil {
				k.Titles, k.Aliases = map[string]string{}, map[string]*regexp.Regexp{}
			}
			k.Titles["zh-CN"], k.Aliases["zh-CN"] = z.title, re(z.cites)
		}
		if n != 1 {
			panic(fmt.Sprintf("sources: the Chinese title %q names %d known sources by %q; it must name one", z.title, n, z.name))
		}
	}
	for _, z := range zhNotes {
		n := 0
		for i := range Known {
			if !strings.HasPrefix(Known[i].Name, z.name) {
				continue
			}
			n++
			k := &Known[i]
			k.Notes = map[string]string{"zh-CN": z.note}
			if z.replacedBy != "" {
				k.ReplacedByTitles = map[string]string{"zh-CN": z.replacedBy}
			}
		}
		if n != 1 {
			panic(fmt.Sprintf("sources: the Chinese note %q names %d known sources by %q; it must name one", z.note, n, z.name))
		}
	}
}

// zhNotes say, for each known source (by the start of its Name, as zhCN),
// what it asks and, for a replaced one, what replaced it, in Chinese: the
// Note and ReplacedBy of the Chinese catalogue.
var zhNotes = []struct{ name, note, replacedBy string }{
	{"E-Commerce Law (in force 1 Jan 2019) Art. 35", "电子商务平台经营者不得利用服务协议、交易规则以及技术等手段，对平台内经营者在平台内的交易、交易价格以及与其他经营者的交易等进行不合理限制或者附加不合理条件，或者向平台内经营者收取不合理费用。" +
		"该条并未提及快递公司。据报道，国家市场监督管理总局《网络交易监督管理办法》（国家市场监督管理总局令第37号，2021年5月1日起施行）第三十二条把“禁止或者限制平台内经营者自主选择快递物流等交易辅助服务提供者”列为此类限制：" +
		"把竞争对手的快递公司排除在商户的可选列表之外属于此类限制，是市场监管总局的解读；对竞争对手的快递公司加收费用或不向消费者显示其物流跟踪属于此类限制，是一种推论", ""},
	{"Reports of 26 Sep 2024, carried by Southern Metropolis Daily", "淘宝、天猫商家在选择发货方式时可以选择京东物流；京东接入菜鸟；两家公司均未向该报证实。此前的报道：使用京东物流的京东第三方商家获得更多流量；京东已不再要求其使用京东物流（2023年3月）", ""},
	{"MIIT special rectification campaign", "不得无正当理由屏蔽其他平台的链接，不得歧视性屏蔽", ""},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 1", "同类商品的链接获得同样的展示和访问形式", ""},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 2", "合法链接点击后在应用内直接打开", ""},
	{"MIIT administrative guidance meeting on blocking URL links (9 Sep 2021; deadline 17 Sep 2021), point 3", "不对特定商品的链接增加额外步骤；不强迫用户把链接复制到浏览器中打开", ""},
	{"WeChat external-link rules: direct access in one-to-one chats", "指向其他平台的链接在一对一聊天中直接打开", ""},
	{"WeChat external-link rules: group chat pilot", "电商链接在群聊中直接打开，以试点方式进行", ""},
	{"WeChat external-link rules: complaint entry", "用户可以投诉链接；违规链接按风险处置，而不是按提供方处置", ""},
	{"WeChat's 2023 opening of its ad and video surfaces", "据报道（《南方都市报》，2024年9月；2024年9月4日的一篇报道——shared/seeds）：通过阿里妈妈投放的广告和视频号内容可直接跳转到淘宝、天猫的店铺、商品页和直播间。这是平台自己的决定，仅从媒体得知；它表明不屏蔽链接的规则所及的场景，但不约束任何人", ""},
	{"Anti-Unfair Competition Law (revised 27 Jun 2025", "不得利用数据和算法、技术手段、平台规则等，妨碍、破坏其他经营者合法提供的网络产品，包括影响用户选择或恶意不兼容", ""},
	{"Anti-Unfair Competition Law (2017, amended 2019) Art. 12", "2025年10月14日以前施行的互联网专条", "2025年修订后的该法第十三条，自 2025-10-15 起施行"},
	{"PBoC FinTech Development Plan", "统一条码编码规则，支付条码互认互扫；其规划期已于2021年结束，因其所定目标而引用", ""},
	{"JR/T 0245-2025", "付款码和收款码的编码规则（第4章）、支付条码互联互通架构（第5章）、报文数据元（第6章）——章节按其目录所列", ""},
	{"JR/T 0245-2021", "2025年以前的版本", "JR/T 0245—2025，自 2025-12-23 起施行"},
	{"PBoC 2017 No. 296, Barcode Payment Business Rules (Trial) (issued 27 Dec 2017, in force 1 Apr 2018): daily limits", "按每位客户每日计，针对一个银行账户或同一机构的全部支付账户：静态码（D 级）不超过 CNY 500；动态码：少于两类验证要素的为 CNY 1,000（C 级），两类以上但不含数字证书或电子签名的为 CNY 5,000（B 级），两类以上且含其中之一的由双方约定（A 级）", ""},
	{"PBoC 2017 No. 296, Barcode Payment Business Rules (Trial) (in force 1 Apr 2018): cross-institution", "以其他机构发放的条码进行的支付，经持牌清算机构（银联、网联）转接", ""},
	{"PBoC 2021 No. 259, Notice on payment acceptance terminals", "收款呈现明显经营特征的个人应当使用商户收款码，不得通过个人收款码提供服务；据报道，中国支付清算协会2022年2月22日的公告使现有个人收款码继续可用，并新增自愿申请的个人经营收款码", ""},
	{"PBoC 2021 No. 259 (in force 1 Mar 2022): static personal codes", "静态个人收款码不得用于远程、非面对面收款", ""},
	{"PBoC 2021 No. 259 (in force 1 Mar 2022): a screenshot", "保存为图片、之后被扫描的动态码适用静态码规则，包括银发〔2017〕296号的静态码限额", ""},
	{"EMVCo QR Code Specification", "TLV 报文结构、必填字段、CRC-16；未限定版本：检查采用其各已发布版本的数据对象规则", ""},
	{"ISO/IEC 18004", "QR 码符号，包括 4 个模块宽的空白区；未限定版本", ""},
	{decree768 + ", Arts. 3 and 42", "公平竞争；支付机构不得垄断或不正当竞争。没有关于互联互通或尾部机构的条文", ""},
	{decree768 + ", Art. 20", "公平、公开的服务协议，不含限制竞争的条款", ""},
	{decree768 + ", Art. 25", "付款人和收款人信息在传输中不被篡改", ""},
	{decree768 + ", Art. 30", "跨机构业务经指定的清算机构处理", ""},
	{decree768 + ", Art. 34", "公示收费；用户的知情权和选择权", ""},
	{"Implementing Rules of the Regulation", "细化条例的业务规则；尚无要求依据其中某一条", ""},
	{"State Council General Office 2024 No. 10", "更好地保护消费者对支付方式的选择", ""},
	{"E-Commerce Law (in force 1 Jan 2019) Art. 34", "平台经营者修改平台服务协议或交易规则，应当在其首页显著位置公开征求意见，并至少在修改内容实施前七日予以公示；支付方式在商户收银台中的位置属于交易规则，这是功能文件的解读", ""},
	{"Taobao announcement", "据报道：淘宝在征求意见后将新增微信支付，并在公告发布七日后逐步向全部淘宝和天猫商家开放；公告原文未经查阅", ""},
	{"Taobao customer service", "据报道：逐步开放期间，微信支付只对部分用户开放（部分用户为随机选取），且只适用于部分商品", ""},
	{"Consumer Rights Protection Law", "消费者自主选择商品或者服务的权利", ""},
	{"Press reports on the Taobao–WeChat Pay interconnection", "消费者和商户实际遇到的情况：截图扫码绕道、“帮我付”链接、微信支付藏在“更多”之后、商户未开通", ""},
	{"Expert opinion on equal access for tail payment institutions", "互联互通也必须给小型机构留出通道", ""},
}
