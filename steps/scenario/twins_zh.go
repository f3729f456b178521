package scenario

import (
	"regexp"
	"strings"
)

// The zh-CN twin of every English step expression, for the feature files
// under features/zh-CN. Names in quotes ("tea-house", "rival-pay"), the
// people (Alice, Bob, Carol), amounts ("88.00 CNY", "CNY 18.00") and counts
// are written as in English, so the step functions get the same values; a
// word the Chinese text writes in Chinese is mapped back in Words.
//
// To add a step: add its English expression here with its twin; lint
// ('hutong lint') then checks every Chinese step against it, and the test
// TestEveryStepHasItsTwins (internal/runner) fails while an English
// expression has none.
func init() { Twins[ZhCN] = zhCN }

// ZhCN is the Gherkin language tag of the Chinese (simplified) text.
const ZhCN = "zh-CN"

var zhCN = &Language{List: zhList, Twins: map[string]Twin{
	// links
	`^the messenger is affiliated with the shop "([^"]+)"$`:       {Expr: `^即时通信应用与店铺 "([^"]+)" 同属一个集团$`},
	`^the rival shops "([^"]+)" and "([^"]+)" sell products too$`: {Expr: `^竞争对手的店铺 "([^"]+)" 和 "([^"]+)" 也在销售商品$`},
	`^a shared list of known malicious links is published$`:       {Expr: `^一份共享的已知恶意链接清单已经发布$`},
	`^(\w+) and (\w+) have a one-to-one chat$`:                    {Expr: `^(\w+) 和 (\w+) 之间有一个一对一聊天$`},
	`^(\w+), (\w+) and (\w+) are in a group chat$`:                {Expr: `^(\w+)、(\w+) 和 (\w+) 在同一个群聊中$`},
	`^(\w+) sends (\w+) a link to a product of "([^"]+)"$`:        {Expr: `^(\w+) 给 (\w+) 发送一个指向 "([^"]+)" 商品的链接$`},
	`^(\w+) posts a link to a product of "([^"]+)" in the group$`: {Expr: `^(\w+) 在群里发布一个指向 "([^"]+)" 商品的链接$`},
	`^(\w+) sends (\w+) links to the same type of product from these shops:$`: {Expr: `^(\w+) 给 (\w+) 发送以下店铺的同类商品链接：$`,
		Words: map[string]string{"店铺": "shop"}},
	`^(\w+) sends (\w+) an? (plain|campaign-tagged|very long|Chinese-named) link to a product of "([^"]+)"$`: {Expr: `^(\w+) 给 (\w+) 发送一个(普通|带营销参数的|超长|中文命名的)链接，指向 "([^"]+)" 的商品$`,
		Words: map[string]string{"普通": "plain", "带营销参数的": "campaign-tagged", "超长": "very long", "中文命名的": "Chinese-named"}},
	`^a page of "([^"]+)" is on the shared malicious list$`:                                         {Expr: `^"([^"]+)" 的一个页面在共享恶意链接清单上$`},
	`^(\w+) sends (\w+) a link to that page$`:                                                       {Expr: `^(\w+) 给 (\w+) 发送指向该页面的链接$`},
	`^(\w+) sees the link open directly in the app$`:                                                {Expr: `^(\w+) 看到链接在应用内直接打开$`},
	`^(\w+) needs (\d+) taps? to open it$`:                                                          {Expr: `^(\w+) 点击 (\d+) 次即可打开$`},
	`^(\w+) is not told to copy the link or open it in a browser$`:                                  {Expr: `^(\w+) 没有被要求复制链接或在浏览器中打开$`},
	`^every link is opened the same way, with the same number of taps$`:                             {Expr: `^每个链接的打开方式相同，点击次数相同$`},
	`^every link carries the same warning level$`:                                                   {Expr: `^每个链接的警示级别相同$`},
	`^every link shows the same preview fields$`:                                                    {Expr: `^每个链接展示相同的预览字段$`},
	`^the link (\w+) receives is a link he can follow, not a token$`:                                {Expr: `^(\w+) 收到的是可以访问的链接，而不是口令$`},
	`^following it leads to the very product (\w+) shared$`:                                         {Expr: `^访问该链接到达的正是 (\w+) 分享的商品$`},
	`^(\w+) is warned about the link or it is blocked$`:                                             {Expr: `^(\w+) 收到关于该链接的警示，或该链接被拦截$`},
	`^(\w+) is shown the reason$`:                                                                   {Expr: `^(\w+) 被告知原因$`},
	`^(\w+) sees no warning on the link$`:                                                           {Expr: `^(\w+) 在该链接上看不到任何警示$`},
	`^the link is not blocked$`:                                                                     {Expr: `^该链接没有被拦截$`},
	`^(\w+) is offered a way to report the link$`:                                                   {Expr: `^(\w+) 有举报该链接的入口$`},
	`^(\w+) reports the link$`:                                                                      {Expr: `^(\w+) 举报该链接$`},
	`^the messenger records (\w+)'s report$`:                                                        {Expr: `^即时通信应用记录了 (\w+) 的举报$`},
	`^the messenger says which surfaces other than chats it offers$`:                                {Expr: `^即时通信应用说明了它提供哪些聊天以外的界面$`},
	`^"([^"]+)", "([^"]+)" and "([^"]+)" place links to their stores and products on each of them$`: {Expr: `^"([^"]+)"、"([^"]+)" 和 "([^"]+)" 在每个这样的界面上放置指向其店铺和商品的链接$`},
	`^following each placed link leads to the very store or product placed$`:                        {Expr: `^访问每个放置的链接到达的正是所放置的店铺或商品$`},

	// payments
	`^the platform's own group runs the wallet "([^"]+)"$`: {Expr: `^平台所属集团运营钱包 "([^"]+)"$`},
	`^the rival wallet "([^"]+)" is a top institution$`:    {Expr: `^竞争对手的钱包 "([^"]+)" 是头部机构$`},
	`^the wallet "([^"]+)" is a tail institution$`:         {Expr: `^钱包 "([^"]+)" 是尾部机构$`},
	`^the merchant "([^"]+)", an? (ordinary|brand flagship) shop, has enabled (.+)$`: {Expr: `^商户 "([^"]+)"（一家(普通|品牌旗舰)店铺）已开通 (.+)$`,
		Words: map[string]string{"普通": "ordinary", "品牌旗舰": "brand flagship"}},
	`^"([^"]+)" charges payers a fee of (\S+ [A-Z]{3}) per payment$`:                                                                   {Expr: `^"([^"]+)" 每笔支付向付款人收取 (\S+ [A-Z]{3}) 的手续费$`},
	`^(\w+) last chose to pay with "([^"]+)" at "([^"]+)"$`:                                                                            {Expr: `^(\w+) 上次选择用 "([^"]+)" 在 "([^"]+)" 支付$`},
	`^(\w+) paid an order of (\S+ [A-Z]{3}) at "([^"]+)" with "([^"]+)"$`:                                                              {Expr: `^(\w+) 已支付一笔 (\S+ [A-Z]{3}) 的订单，商户为 "([^"]+)"，钱包为 "([^"]+)"$`},
	`^(\w+) checks out (?:an|another) order of (\S+ [A-Z]{3}) at "([^"]+)"$`:                                                           {Expr: `^(\w+) (?:又)?为一笔 (\S+ [A-Z]{3}) 的订单在 "([^"]+)" 结账$`},
	`^she chooses to pay with "([^"]+)"(?: instead)?$`:                                                                                 {Expr: `^她(?:改为)?选择用 "([^"]+)" 支付$`},
	`^she confirms the payment in the wallet she was handed to$`:                                                                       {Expr: `^她在被转到的钱包中确认支付$`},
	`^she asks (\w+) to help pay and sends him the link in a chat$`:                                                                    {Expr: `^她请 (\w+) 帮忙付款，并在聊天中把链接发给他$`},
	`^(\w+) pays with "([^"]+)" from the link$`:                                                                                        {Expr: `^(\w+) 通过该链接用 "([^"]+)" 付款$`},
	`^the merchant refunds the order in full$`:                                                                                         {Expr: `^商户为该订单全额退款$`},
	`^she is offered (.+)$`:                                                                                                            {Expr: `^她可以选择 (.+)$`},
	`^every wallet she is offered is on the first payment screen$`:                                                                     {Expr: `^提供给她的每个钱包都在第一个支付界面上$`},
	`^every wallet she is offered is shown with the same prominence$`:                                                                  {Expr: `^提供给她的每个钱包都以同等醒目程度展示$`},
	`^no wallet is preselected$`:                                                                                                       {Expr: `^没有预先选中任何钱包$`},
	`^the wallet preselected, if any, is (?:her|his|their) last choice "([^"]+)"$`:                                                     {Expr: `^预先选中的钱包（如有）是(?:她|他|他们)上次的选择 "([^"]+)"$`},
	`^every fee is shown with what it is for, before she confirms$`:                                                                    {Expr: `^在她确认之前，每项费用都注明了用途$`},
	`^the total shown for "([^"]+)" is the order amount plus its labelled fees$`:                                                       {Expr: `^"([^"]+)" 显示的总额是订单金额加上其标明的费用$`},
	`^"([^"]+)" charged (\w+) exactly the total shown for it$`:                                                                         {Expr: `^"([^"]+)" 向 (\w+) 收取的金额正好是为它显示的总额$`},
	`^she is handed directly to "([^"]+)", with no QR code to save and no friend to ask$`:                                              {Expr: `^她被直接转到 "([^"]+)"，无需保存二维码，也无需找朋友代付$`},
	`^"([^"]+)" receives the amount shown, the currency, the order reference and the payee unaltered$`:                                 {Expr: `^"([^"]+)" 原样收到所显示的金额、币种、订单号和收款方$`},
	`^"([^"]+)" charged (\w+) for the order$`:                                                                                          {Expr: `^"([^"]+)" 就该订单向 (\w+) 扣了款$`},
	`^"([^"]+)" charged (\w+) for exactly that order$`:                                                                                 {Expr: `^"([^"]+)" 向 (\w+) 扣的正是该订单的款$`},
	`^the platform adds and removes payment methods at its merchants' checkouts, asking for notice from none to more than seven days$`: {Expr: `^平台在其商户的收银台上新增和移除支付方式，要求的公示期从没有到七日以上$`},
	`^every change is published, and takes effect no sooner than seven days after it was published$`:                                   {Expr: `^每一项变更都已公示，并且最早在公示七日之后实施$`},
	`^a merchant can give an opinion on every change before it takes effect$`:                                                          {Expr: `^在每一项变更实施之前，商户都可以对它发表意见$`},
	`^until a change takes effect, and for seven days after it was published, the checkout offers the methods as before$`:              {Expr: `^在变更实施之前，以及在公示后的七日之内，收银台提供的支付方式与之前相同$`},
	`^once a change takes effect, the checkout offers the methods as changed$`:                                                         {Expr: `^变更一经实施，收银台提供的支付方式即按变更后的提供$`},
	`^the platform rolls "([^"]+)" out gradually to some of its consumers at some of its merchants$`:                                   {Expr: `^平台把 "([^"]+)" 逐步开放给其部分商户的部分消费者$`},
	`^the rollout is published with its state, the method, the merchants in its scope and the share of consumers included$`:            {Expr: `^逐步开放已公示其状态、支付方式、范围内的商户和纳入的消费者比例$`},
	`^every merchant that asks whether the rollout includes it is told what its checkout does$`:                                        {Expr: `^每一个询问逐步开放是否包括自己的商户，得到的答复与其收银台的实际情况一致$`},
	`^every consumer who asks whether the rollout includes them is told what the checkout offers them$`:                                {Expr: `^每一个询问逐步开放是否包括自己的消费者，得到的答复与收银台向其提供的一致$`},
	`^"([^"]+)" charged (\w+) nothing$`:                                                                                                {Expr: `^"([^"]+)" 没有向 (\w+) 扣任何款$`},
	`^the platform records the (order|first order) as paid with "([^"]+)"$`: {Expr: `^平台记录(该订单|第一笔订单)已用 "([^"]+)" 支付$`,
		Words: map[string]string{"该订单": "order", "第一笔订单": "first order"}},
	`^the platform's record of the payment matches "([^"]+)"'s ledger$`:                {Expr: `^平台的支付记录与 "([^"]+)" 的账本一致$`},
	`^"([^"]+)" receives the refund for that payment$`:                                 {Expr: `^"([^"]+)" 收到该笔支付的退款$`},
	`^"([^"]+)" receives no refund$`:                                                   {Expr: `^"([^"]+)" 没有收到退款$`},
	`^the platform records the order as refunded through "([^"]+)"$`:                   {Expr: `^平台记录该订单已通过 "([^"]+)" 退款$`},
	`^(\w+) opens the link directly and is offered every wallet the merchant enabled$`: {Expr: `^(\w+) 直接打开该链接，并可选择商户开通的每个钱包$`},

	// barcodes
	`^a clearing switch connects these institutions:$`: {Expr: `^一个清算机构连接以下机构：$`,
		Words: map[string]string{"机构": "institution", "类型": "kind", "层级": "tier", "收单机构": "acquirer", "钱包": "wallet", "头部": "top", "尾部": "tail"}},
	`^the acquirer under test is connected to the clearing switch$`: {Expr: `^被测收单机构已接入清算机构$`},
	`^the acquirer issues a (static|dynamic) code for the merchant "([^"]+)"$`: {Expr: `^收单机构生成一个(静态|动态)码，商户为 "([^"]+)"$`,
		Words: map[string]string{"静态": "static", "动态": "dynamic"}},
	`^the code follows every rule of the EMV merchant-presented code format$`:                                {Expr: `^该码符合 EMV 商户展示码格式的每一条规则$`},
	`^the code's check digits are correct$`:                                                                  {Expr: `^该码的校验位正确$`},
	`^the code's picture scans to exactly the code$`:                                                         {Expr: `^扫描该码的图片得到的正是该码$`},
	`^the picture's modules are at least (\d+) pixels wide$`:                                                 {Expr: `^图片的模块宽度至少为 (\d+) 像素$`},
	`^the picture still scans to exactly the code when shrunk to (\d+) pixels per module$`:                   {Expr: `^图片缩小到每模块 (\d+) 像素时，扫描得到的仍正是该码$`},
	`^the picture has a quiet zone at least (\d+) modules wide$`:                                             {Expr: `^图片四周有至少 (\d+) 个模块宽的空白区$`},
	`^the code names the merchant's account under the identifier the clearing switch knows the acquirer by$`: {Expr: `^该码以清算机构识别该收单机构所用的标识符载明商户账户$`},
	`^the clearing switch can route a payment on the code to the acquirer$`:                                  {Expr: `^清算机构能把该码上的支付路由到该收单机构$`},
	"^customers of these wallets pay the acquirer's codes for the merchant \"([^\"]+)\" in turn, at least (\\d+) times each:$": {Expr: `^以下钱包的顾客轮流支付收单机构为商户 "([^"]+)" 生成的码，各至少 (\d+) 次：$`,
		Words: map[string]string{"钱包": "wallet"}},
	`^every payment is accepted$`: {Expr: `^每笔支付都被接受$`},
	`^the acquirer lists every payment for the merchant, each for its amount$`:                                                        {Expr: `^收单机构为该商户列出了每笔支付，每笔按其金额$`},
	"^each tail wallet's payment took the same exchanges with the acquirer as its top twin$":                                          {Expr: `^每笔尾部钱包的支付与其头部孪生支付经过了与收单机构相同的交互$`},
	"^the acquirer's median time to handle a tail wallet's payment is within (\\d+(?:\\.\\d+)?) times its median for a top wallet's$": {Expr: `^收单机构处理尾部钱包支付的中位时间不超过其处理头部钱包支付中位时间的 (\d+(?:\.\d+)?) 倍$`},
	`^the wallet under test is connected to the clearing switch, in the same group as "([^"]+)"$`:                                     {Expr: `^被测钱包已接入清算机构，与 "([^"]+)" 同属一个集团$`},
	`^(\w+) has CNY (\d+\.\d\d) in the wallet$`:                                                                                       {Expr: `^(\w+) 的钱包里有 CNY (\d+\.\d\d)$`},
	`^"([^"]+)" issues a static code for the merchant "([^"]+)"$`:                                                                     {Expr: `^"([^"]+)" 生成一个静态码，商户为 "([^"]+)"$`},
	`^"([^"]+)" gives its customer (\w+) a personal collection code$`:                                                                 {Expr: `^"([^"]+)" 给其顾客 (\w+) 一个个人收款码$`},
	`^someone tampers in each of these ways with a code of its own, and a customer of the wallet scans its picture to pay it:$`: {Expr: `^有人以下列每种方式篡改各自的一个码，再由钱包的一位顾客扫描该码的图片付款：$`,
		Words: zhThreats(map[string]string{
			"商户名称改了一个字母，校验位保持原样":       "one letter of the merchant name changed, the check digits left as they were",
			"订单码的金额被改动，校验位保持原样":        "the amount of an order code changed, the check digits left as they were",
			"一个长度字段与其值不再相符，校验位重新计算":    "a length that no longer matches its value, the check digits computed again",
			"格式指示符被移离开头":               "the format indicator moved from the start",
			"校验位被移离末尾":                 "the check digits moved from the end",
			"商户名称出现两次，校验位重新计算":         "the merchant name given twice, the check digits computed again",
			"商户名称被删去，校验位重新计算":          "the merchant name taken out, the check digits computed again",
			"商户账户中用于路由的标识符被删去，校验位重新计算": "the merchant account stripped of the identifier that routes it, the check digits computed again",
		})},
	`^(\w+) scans the code's picture with the wallet and pays CNY (\d+\.\d\d)$`: {Expr: `^(\w+) 用钱包扫描该码的图片并支付 CNY (\d+\.\d\d)$`},
	`^the payment goes through$`: {Expr: `^支付成功$`},
	`^"([^"]+)" receives CNY (\d+\.\d\d) from the wallet through the clearing switch$`:         {Expr: `^"([^"]+)" 通过清算机构从该钱包收到 CNY (\d+\.\d\d)$`},
	`^(\w+)'s balance has gone down by exactly CNY (\d+\.\d\d)$`:                               {Expr: `^(\w+) 的余额正好减少了 CNY (\d+\.\d\d)$`},
	`^the wallet refused every tampered code before showing any payment prompt, and said why$`: {Expr: `^钱包在显示任何支付提示之前拒绝了每个被篡改的码，并说明了原因$`},
	`^no tampered code moved any money, nor did the wallet send a payment on one$`:             {Expr: `^没有任何被篡改的码动用了资金，钱包也没有就其中任何一个发出支付$`},
	"^customers of the wallet scan the pictures of codes \"([^\"]+)\" issued, and pay them$":   {Expr: `^钱包的顾客扫描 "([^"]+)" 发出的码的图片并付款$`},
	`^every payment goes through$`: {Expr: `^每笔支付都成功$`},
	`^"([^"]+)" receives every payment from the wallet through the clearing switch, each for its amount$`: {Expr: `^"([^"]+)" 通过清算机构从该钱包收到每笔支付，每笔按其金额$`},
	"^each customer's balance has gone down by exactly the amount paid$":                                  {Expr: `^每位顾客的余额正好减少了所付的金额$`},
	`^customers of the wallet scan the pictures of order codes to pay them, and scan each code again$`:    {Expr: `^钱包的顾客扫描订单码的图片付款，并再次扫描每个码$`},
	`^every order code is paid, for its amount in its currency$`:                                          {Expr: `^每个订单码都按其金额和币种被支付$`},
	`^each order code was paid only once through the clearing switch$`:                                    {Expr: `^每个订单码经清算机构只被支付了一次$`},
	"^each customer's balance has gone down by exactly the amount of their orders, each once$":            {Expr: `^每位顾客的余额正好减少了其订单的金额，每笔一次$`},
	`^the wallet declines the payment and tells (\w+) why$`:                                               {Expr: `^钱包拒绝该笔支付并告诉 (\w+) 原因$`},

	// access
	`^the platform publishes its criteria for connecting an institution$`:                                                          {Expr: `^平台公布其接入机构的标准$`},
	`^the platform has connected (\d+) affiliated, (\d+) top and (\d+) tail institutions, each meeting every published criterion$`: {Expr: `^平台已接入 (\d+) 家关联机构、(\d+) 家头部机构和 (\d+) 家尾部机构，每家都符合所有已公布的标准$`},
	`^a merchant has enabled all of them$`:                                                                                         {Expr: `^一个商户开通了所有这些机构$`},
	`^a top institution and many tail institutions, each meeting every published criterion, ask to connect in the same way, before the platform has any merchant and after it has many$`: {Expr: `^一家头部机构和许多家尾部机构以相同方式申请接入，每家都符合所有已公布的标准，在平台还没有任何商户时和已有许多商户后$`},
	`^pairs of a top and a tail institution, each lacking (.+) but meeting every other published criterion, ask to connect$`: {Expr: `^若干对头部机构和尾部机构申请接入，每家都缺少(.+)，但符合其他所有已公布的标准$`,
		Words: zhLacks},
	`^tail institutions meeting every published criterion ask to connect, among them refused ones with their shortcoming put right$`: {Expr: `^符合所有已公布标准的尾部机构申请接入，其中包括补足了不足的被拒绝机构$`},
	`^a consumer checks out at that merchant$`: {Expr: `^一位消费者在该商户结账$`},
	`^consumers check out and pay through the tail and the top institutions, at merchants and for amounts drawn from the run's seed$`:                                                                         {Expr: `^消费者通过尾部机构和头部机构结账并支付，商户和金额取自本次运行的种子$`},
	`^(\d+) merchants each enabled (\d+) affiliated, (\d+) top and (\d+) tail institutions of their own, each meeting every published criterion, connected and listed in an order drawn from the run's seed$`: {Expr: `^(\d+) 个商户各自开通了专属的 (\d+) 家关联机构、(\d+) 家头部机构和 (\d+) 家尾部机构，每家都符合所有已公布的标准，接入和列出的顺序由本次运行的种子决定$`},
	`^a consumer checks out at each of those merchants$`:                                    {Expr: `^一位消费者逐一在这些商户结账$`},
	`^the consumer is handed to a tail and to a top institution in turn, (\d+) times each$`: {Expr: `^该消费者被轮流转到一家尾部机构和一家头部机构，各 (\d+) 次$`},
	`^every one of them is connected$`:                                                      {Expr: `^它们全部被接入$`},
	`^each of them is connected$`:                                                           {Expr: `^它们每一家都被接入$`},
	`^every tail institution is offered the same terms as the top institution: the platform's fee, the settlement period and any further conditions$`:                                                {Expr: `^每家尾部机构获得与头部机构相同的条款：平台费率、结算周期以及任何附加条件$`},
	`^every tail institution is given the same interface as the top institution: a notice address of the same form on the same origin, the same platform identity and a key to verify the platform$`: {Expr: `^每家尾部机构获得与头部机构相同的接口：同一源上形式相同的通知地址、相同的平台身份以及用于验证平台的密钥$`},
	`^all of them are refused, each naming a published criterion about (.+)$`: {Expr: `^它们全部被拒绝，且各自指明一条关于(.+)的已公布标准$`,
		Words: zhLacks},
	`^the top and the tail institution of each pair are refused for the same reasons$`:                                                       {Expr: `^每一对中的头部机构和尾部机构被拒绝的理由相同$`},
	`^every tail institution's method is on the same screen and as prominent as the top institutions'$`:                                      {Expr: `^每家尾部机构的支付方式与头部机构的在同一界面上，且同样醒目$`},
	`^every tail institution's payment took the same steps and had the same outcome as the top institutions'$`:                               {Expr: `^每家尾部机构的支付与头部机构的步骤相同，结果相同$`},
	`^the place of each method on the payment screen does not depend on its institution's tier, at the (\d+(?:\.\d+)?)% significance level$`: {Expr: `^在 (\d+(?:\.\d+)?)% 的显著性水平下，每种支付方式在支付界面上的位置与其机构的层级无关$`},
	`^every institution the merchant enabled is offered$`:                                                                                    {Expr: `^商户开通的每家机构都可供选择$`},
	`^the platform's median time to hand a consumer to a tail institution is within (\d+(?:\.\d+)?) times its median for a top institution$`: {Expr: `^平台把消费者转到尾部机构的时间中位数不超过转到头部机构的中位数的 (\d+(?:\.\d+)?) 倍$`},

	// security
	`^an attacker sends the platform each of these forged notices, each for an order a customer was handed to a wallet for and has not paid:$`: {Expr: `^攻击者向平台逐一发送以下伪造的通知，每条针对一笔顾客已被转到钱包、但尚未支付的订单：$`,
		Words: zhThreats(map[string]string{
			"用攻击者自己生成的密钥、以每个已接入钱包的名义签名的通知":          "a notice in each connected wallet's name, signed with a key the attacker made",
			"以该钱包的名义、用另一个已接入钱包自己的真实密钥签名的通知":         "a notice in the wallet's name, signed with another connected wallet's own genuine key",
			"来自平台从未接入的机构、用该机构自己的密钥签名的通知":            "a notice from an institution the platform never connected, signed with that institution's own key",
			"以该钱包的名义发出、完全没有签名的通知":                   "a notice in the wallet's name with no signature at all",
			"以该钱包的名义发出、签名放在约定位置以外的通知":               "a notice in the wallet's name whose signature comes in another place than the one agreed",
			"以该钱包的名义发出、签名无法读取的通知":                   "a notice in the wallet's name whose signature is unreadable",
			"带有该钱包真实签名的通知，签名取自该钱包为攻击者自己的订单发出的通知":    "a notice carrying the wallet's genuine signature, taken from its notice for the attacker's own order",
			"该钱包为攻击者自己的订单发出的真实通知，被改写成针对本订单、本金额的新通知": "the wallet's genuine notice for the attacker's own order, rewritten as a new notice for this order and amount",
			"用共享密钥校验码（HMAC）封装的通知，以该钱包的公钥为密钥":        "a notice sealed with a shared-secret code (HMAC) keyed with the wallet's public key",
			"用共享密钥校验码（HMAC）封装的通知，以平台的公钥为密钥":         "a notice sealed with a shared-secret code (HMAC) keyed with the platform's public key",
			"携带攻击者自己的公钥、并用该公钥签名的通知":                 "a notice that carries a public key of the attacker's own and is signed with it",
		})},
	`^an attacker replays a wallet's genuine payment notice in each of these ways, each with an order of its own:$`: {Expr: `^攻击者以下列每种方式重放钱包的真实支付通知，每种方式各用一笔订单：$`,
		Words: zhThreats(map[string]string{
			"通知入账后随即被再次发送两次":                  "the notice sent again, twice, just after it was credited",
			"平台的时钟前进超过一天后，通知被再次发送":            "the notice sent again after the platform's clock has moved on by more than a day",
			"通知在途中被复制，多份副本与原件同时到达":            "the notice duplicated on its way, several copies arriving at the same moment as the original",
			"同一店铺一笔金额相同的第二笔订单等待支付时，通知被再次发送":   "the notice sent again while a second order of the same amount at the same shop waits to be paid",
			"订单退款后，通知被再次发送":                   "the notice sent again after the order was refunded",
			"该钱包发给其服务的另一平台的通知，针对那里一笔订单号相同的订单": "a notice the wallet sent to another platform it serves, for an order there with the same reference",
		})},
	`^an attacker alters each of these in a handoff of its own on its way to the wallet:$`: {Expr: `^攻击者在各自的一次跳转发往钱包的途中，分别篡改以下各项：$`,
		Words: zhThreats(map[string]string{
			"金额，减少一分":                  "the amount, lowered by one fen",
			"金额，增加一分":                  "the amount, raised by one fen",
			"金额，缩小为百分之一，如同把分当作元":       "the amount, cut to a hundredth, as if fen were yuan",
			"币种，改为另一种币种":               "the currency, changed to another currency",
			"收款方，改为攻击者自己的店铺":           "the payee, changed to the attacker's own shop",
			"订单，从同一顾客一笔更便宜的订单改为本订单":    "the order, changed from a cheaper order of the same customer to this one",
			"机构，改为另一个已接入的钱包，跳转随之发往该钱包": "the institution, changed to another connected wallet, which it is sent to",
			"金额，被调低，并被移出签名覆盖的字段清单":     "the amount, lowered, and taken off the list of fields the signature covers",
		})},
	`^a customer shares a help-me-pay link for an order of her own, and each of these is tried with it:$`: {Expr: `^顾客为自己的一笔订单分享代付链接，并用该链接逐一尝试以下各项：$`,
		Words: zhThreats(map[string]string{
			"链接过期几分钟后被使用":               "the link used a few minutes after it expired",
			"链接过期、顾客已申请新链接后，该链接被使用":     "the link used after it expired and the customer asked for a new one",
			"顾客在同一店铺又下了一笔订单后，该链接被使用":    "the link used after the customer placed another order at the same shop",
			"链接被转发，第一位朋友付款后，第二位朋友使用该链接": "the link, forwarded, used by a second friend after the first one had paid",
			"订单退款后，该链接被使用":              "the link used after the order was refunded",
		})},
	`^none of the forged notices marked its order paid or credited anything to it$`:                                                      {Expr: `^没有任何伪造的通知使其订单标记为已支付，或为其记入任何款项$`},
	`^no payment was credited more than once, nor to an order it was not made for$`:                                                      {Expr: `^没有任何支付被入账超过一次，也没有被记入不属于它的订单$`},
	`^the wallet refuses every altered handoff, because the platform's signature no longer matches$`:                                     {Expr: `^钱包拒绝每个被篡改的跳转，因为平台的签名不再匹配$`},
	`^when a careless wallet takes an altered handoff anyway and notifies the platform, the platform still records the order as unpaid$`: {Expr: `^即使粗心的钱包仍然接受被篡改的跳转并通知平台，平台也仍记录该订单未支付$`},
	`^no link moved a friend's money except for its own unpaid order before it expired$`:                                                 {Expr: `^除了在过期前为其自己的未支付订单付款，没有任何链接动用了朋友的资金$`},

	// logistics
	`^the platform offers its merchants a choice of carriers$`: {Expr: `^平台为其商户提供承运商选择$`},
	`^(\d+) merchants each have an affiliated, a top and a tail carrier of their own connected, the three at one price, and a parcel to ship, price and weight drawn from the run's seed$`: {Expr: `^(\d+) 个商户各自接入了自己的一家关联、一家头部和一家尾部承运商，三家价格相同，并各有一个待发包裹，价格和重量取自本次运行的种子$`},
	`^each merchant ships its parcel with every one of its carriers$`:                                                     {Expr: `^每个商户用其每一家承运商发运其包裹$`},
	`^each carrier reports the parcel collected and then waiting at a pick-up station$`:                                   {Expr: `^每家承运商报告包裹已揽收，然后在驿站待取$`},
	`^every one of those carriers is among the carriers the merchant can pick for its parcel$`:                            {Expr: `^这些承运商每一家都在商户可为其包裹选用的承运商之列$`},
	`^shipping the parcel with each of them books it with that carrier$`:                                                  {Expr: `^用其中每一家发运该包裹，都会向该承运商预约$`},
	`^every rival carrier is offered to the merchant for the same fees and the same total as the platform's own carrier$`: {Expr: `^每一家竞争对手承运商都以与平台自己的承运商相同的费用和相同的总额提供给商户$`},
	`^the consumer is shown every tracking event of every carrier, under the carrier's waybill$`:                          {Expr: `^消费者看到每家承运商的每一条物流轨迹，显示在该承运商的运单号下$`},
}}

// zhThreats are the Words of a SEC table of threats: its header "威胁" and
// rows, each the English row verbatim, which is the key to its attack
// (steps/security).
func zhThreats(rows map[string]string) map[string]string {
	rows["威胁"] = "threat"
	return rows
}

// zhLacks are the published criteria ACCESS-02's institutions lack.
var zhLacks = map[string]string{
	"用于验证其支付通知的密钥": "a key to verify its payment notices",
	"退款地址":         "an address for refunds",
	"直接跳转":         "direct handoffs",
}

var (
	zhListForm = regexp.MustCompile(`^"[^"]+"(?:\s*(?:、|，|和|与|及)\s*"[^"]+")+$`)
	zhQuoted   = regexp.MustCompile(`"[^"]+"`)
)

// zhList writes a Chinese list of quoted values, `"a"、"b" 和 "c"`, as
// English does, `"a", "b" and "c"`.
func zhList(s string) string {
	if !zhListForm.MatchString(s) {
		return s
	}
	q := zhQuoted.FindAllString(s, -1)
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
