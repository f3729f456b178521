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
	{"Consumer Rights Protection Law", "《中华人民共和国消费者权益保护法》（2013年修正，2014年3月15日起施行）第九条",
		`消费者权益保护法[^\[]*第九条`},
	{"Press reports on the Taobao–WeChat Pay interconnection", "媒体报道：淘宝与微信支付的互联互通，2021—2024年（shared/seeds）",
		`媒体报道`},
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
}
