/*
 * gen_corpus.c - deterministic synthetic 党风廉政建设工作总结 with planted reuse and a gold file.
 *
 *   gen_corpus --out DIR [--docs N | --mb M] [--units U] [--years 2021-2023] [--seed S]
 *              [--gold FILE] [--manifest]
 *
 * Writes DIR/YEAR/unitNNNN.txt (UTF-8, LF, no BOM), with --manifest DIR/manifest.tsv
 * (path, unit, year) and with --gold a TSV of every planted passage:
 *   kind source_doc source_start source_end target_doc target_start target_end edit rate
 * Offsets are 0-based Unicode code points into the file text, end exclusive; docs are paths
 * relative to DIR. Same arguments, same bytes: one xoshiro256** stream seeded from --seed
 * drives every choice, and nothing reads the clock, the locale or the environment.
 *
 * Carrier text comes from a phrase grammar (GRAMMAR below), written for this tool: per topic,
 * action and detail clauses composed into the genre's sentence patterns (A，B。 L，A，B。 ...),
 * with slots for the unit's sector (business domains, staff, the public it serves), the year
 * (campaigns, CCDI plenaries), named campaigns, document titles, places and counts (12 or 十二).
 * Fresh text then has its near-synonyms varied at every occurrence (vary_wording). All this
 * keeps exact shared runs between unrelated summaries short: zongjie, whose anchors are exact
 * 10-grams, reports a mean reused_share of about 0.05 on 200 summaries with nothing planted
 * (--no-plant) -- coincidences of stock text. Stock slogans are the intended distractors:
 * short, everywhere, never in the gold file.
 *
 * Planted reuse (passages of 30-400 characters, and at least 30 reuse characters as zongjie
 * counts them, see reuse_len; whole carried paragraphs may be a little longer):
 *   verbatim, name_swap, number_change, edit (rate 0.01/0.03/0.05/0.10), reorder -- copies
 *   from another unit's summary of the same or the previous year;
 *   self -- a unit's summary carries 30-90% of its previous year's paragraphs, years moved on,
 *   some with light edits; template -- one text pasted into 10...1000 units of a year, the
 *   unit's own name filled in, some with light edits. The source of a template row is the
 *   first holder's copy; that copy is itself template text (from a superior office).
 *
 * Documents are made year by year, unit by unit; a document copies only from documents of
 * its own and the previous year, the only ones kept in memory. Build: scripts/gen_corpus.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---------------------------------------------------------------- basics */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_corpus: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) die("out of memory (%zu bytes)", n);
    return q;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) die("out of memory");
    return p;
}

/* A growable byte string; the one way text is built here. */
struct sbuf {
    char *p;
    size_t len, cap;
};

static void sb_reserve(struct sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_adds(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_addint(struct sbuf *b, long v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%ld", v);
    sb_add(b, tmp, (size_t)n);
}

static void sb_set(struct sbuf *b, const char *s, size_t n)
{
    b->len = 0;
    sb_add(b, s, n);
}

static void sb_release(struct sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Code points in a UTF-8 byte range (the input is always valid UTF-8 made here). */
static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ------------------------------------------------------------------ rng */

/* xoshiro256** (Blackman & Vigna), seeded through splitmix64. */
struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n) (Lemire's multiply; the bias is below 2^-32 for our n). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(struct rng *r, double p)
{
    return rng_unit(r) < p;
}

/* -------------------------------------------------------------- grammar */

/*
 * The phrase grammar. "@name" opens a pool; every following line until the next "@" is one
 * entry. In an entry, {pool} is replaced by a random entry of that pool, {pool*} by 2-4
 * distinct entries joined with 、 ({pool*6}: up to 6), and the built-in slots (see BUILTINS)
 * by the unit's names and sector words, the year's campaigns and numbers. t_TOPIC pools are
 * item titles, s_TOPIC pools item sentences; h2a_G/h2b_G the two halves of a work-section
 * heading of group G. Rule for authors: no run of more than ~15 fixed characters between
 * slots that vary by words (numbers do not count: zongjie masks them), or unrelated
 * summaries will share it; slogans (pool slogan) are the deliberate exception. The run goes on
 * across entries (punctuation is no boundary for zongjie): an entry's fixed tail meets the
 * next one's fixed head, and a slot from a pool of four words barely varies.
 * tests/reuse_quality/carrier_runs.py lists the shared runs a corpus has and their pools.
 */
// clang-format off
static const char *const GRAMMAR[] = {
    /* ---- small word pools */
    "@adv", "扎实", "认真", "切实", "深入", "全面", "持续", "着力",
    "@vstr", "加强", "强化", "深化", "持续加强", "着力加强", "不断强化",
    "@push", "推动", "推进", "促进", "确保",
    "@few", "个别", "少数", "部分", "有的", "一些", "少部分", "极个别",
    "@dept", "科室", "处室", "股室", "部门", "业务科室", "内设机构", "职能科室", "机关科室", "业务股室",
    "@sub_unit", "直属单位", "下属单位", "二级单位", "基层站所", "机关各支部", "基层单位", "所属单位", "窗口单位",
    "局属事业单位", "各党支部", "执法大队", "服务中心", "派出机构", "机关各科室", "基层党组织", "重点岗位",
    "执法队伍", "业务科室",
    "@holiday", "元旦", "春节", "清明", "五一", "端午", "中秋", "国庆",
    "@form_study", "理论学习中心组集体学习", "专题读书班", "“三会一课”", "主题党日", "专题研讨",
    "青年理论学习小组", "集中轮训", "支部书记讲党课", "线上学习平台", "“第一议题”制度", "交流研讨会",
    "@train", "专题培训", "集中轮训", "网络培训", "专题读书班", "业务培训班", "专题辅导讲座",
    "@study_platform", "“学习强国”", "干部网络学院", "干部在线学习平台", "机关读书角", "微信学习群",
    "@act_name", "学理论、强党性、促发展", "比学习、赛担当", "业务大比武", "读书分享会", "青年理论宣讲",
    "岗位练兵", "微党课比赛", "清风讲堂",
    "@reg", "《中国共产党纪律处分条例》", "《中国共产党廉洁自律准则》", "《中国共产党党内监督条例》",
    "《中国共产党问责条例》", "《关于新形势下党内政治生活的若干准则》", "《中华人民共和国监察法》",
    "《中华人民共和国公职人员政务处分法》", "《中国共产党组织工作条例》", "《党政机关厉行节约反对浪费条例》",
    "《中国共产党重大事项请示报告条例》", "《关于加强新时代廉洁文化建设的意见》",
    "《关于进一步加强家庭家教家风建设的实施意见》", "《中国共产党党员权利保障条例》",
    "@fw_issue", "违规收送礼品礼金", "违规吃喝", "公车私用", "违规发放津贴补贴", "收送电子红包",
    "出入私人会所", "大操大办婚丧喜庆", "违规接受管理服务对象宴请", "借培训名义公款旅游",
    "超标准公务接待", "违规占用办公用房", "违规操办“升学宴”",
    "@method_chk", "明察暗访", "交叉检查", "随机抽查", "专项督查", "“四不两直”检查", "节前集体廉政谈话",
    "廉洁短信提醒", "线索排查", "调阅台账",
    "@edu_form", "观看警示教育片", "旁听职务犯罪案件庭审", "参观廉政教育基地", "通报典型案例",
    "召开警示教育大会", "讲授廉政党课", "开展廉政知识测试", "签订廉洁承诺书", "开展家风家教宣讲",
    "举办廉政专题讲座",
    "@edu_kind", "经常性教育", "日常教育", "干部教育培训", "“三会一课”", "理论学习中心组学习", "党员冬训",
    "@edu_base", "廉政教育基地", "监狱警示教育基地", "廉洁文化教育馆", "党风廉政教育展厅", "红色教育基地",
    "@culture_act", "廉洁书画摄影作品征集", "廉洁家书征集", "“清风”读书会", "廉政文艺演出", "家庭助廉承诺",
    "廉洁微视频评选", "廉政格言警句征集", "“清廉家庭”评选", "廉政主题演讲比赛", "廉洁故事分享会",
    "@mech", "信息沟通机制", "长效机制", "协作配合机制", "联动机制", "会商机制", "情况通报机制",
    "闭环管理机制", "风险预警机制", "督办问效机制", "考核评价机制",
    "@key_person", "“一把手”", "领导班子成员", "中层干部", "关键岗位人员", "新提任干部", "年轻干部",
    "科室负责人", "业务骨干", "窗口工作人员", "执法人员",
    "重点岗位干部", "财务人员",
    "@sup_form", "日常监督", "专项监督", "政治监督", "巡察监督", "审计监督", "财会监督", "群众监督",
    "@power_link", "项目审批", "资金拨付", "物资采购", "工程招投标", "行政执法", "资产处置", "人事任免",
    "评先评优", "合同签订", "财务报销", "专项资金分配", "行政许可",
    "@proc", "集体研究、公开公示制度", "招标文件公平竞争审查", "审批事项清单化管理",
    "“双随机、一公开”监管", "限时办结和首问负责制度", "重大事项集体决策制度",
    "@platform", "电子监察系统", "智慧监管平台", "业务管理系统", "大数据监督平台", "网上审批系统",
    "@rule_name", "《内部控制管理办法》", "《重大事项集体决策规则》", "《项目资金管理办法》",
    "《行政执法责任制实施细则》", "《政府采购内部管理规定》", "《合同管理办法》", "《公务接待管理办法》",
    "《财务报销管理规定》",
    "@audit", "经济责任审计", "专项资金审计", "预算执行审计", "离任审计", "内部审计",
    "@fin_issue", "违规发放津贴补贴", "虚列支出", "私设“小金库”", "超标准报销", "白条入账", "公款私存",
    "大额现金支付",
    "@svc", "“一网通办”", "“最多跑一次”", "帮办代办", "容缺受理", "延时错时服务", "窗口“好差评”",
    "@form_issue", "推诿扯皮", "敷衍塞责", "文山会海", "层层加码", "过度留痕", "慵懒散拖",
    "“门难进、脸难看、事难办”",
    "@cadre_event", "专业技术岗位评聘", "中层干部调整", "干部交流调动", "干部考察", "公开招聘",
    "职级晋升", "竞争上岗", "干部轮岗交流", "评优评先", "试用期考核",
    "职称评审", "年度考核",
    "@secret_obj", "涉密文件", "涉密计算机", "涉密载体", "涉密人员", "保密要害部位",
    "@slogan", "坚持以习近平新时代中国特色社会主义思想为指导", "把严的基调、严的措施、严的氛围长期坚持下去",
    "一体推进不敢腐、不能腐、不想腐", "全面从严治党永远在路上、党的自我革命永远在路上",
    "坚定捍卫“两个确立”、坚决做到“两个维护”", "坚持严的主基调不动摇", "驰而不息正风肃纪反腐",
    "坚持无禁区、全覆盖、零容忍", "坚持重遏制、强高压、长震慑", "营造风清气正的良好政治生态",
    "深入学习贯彻习近平总书记关于党的自我革命的重要思想", "以钉钉子精神纠治“四风”",

    /* ---- sentence decorations: connectors at clause joints, an opener before, an effect after */
    "@conn_a", "并", "同时", "还", "注重", "统筹", "主动", "同步",
    "@opener", "同时，", "今年以来，", "年内，", "此外，", "结合工作实际，", "坚持问题导向，", "按照上级部署，",
    "围绕{dom}等重点，", "在此基础上，", "对照年初计划，", "针对{dom}的特点，", "全年，", "聚焦{sec}主业，",
    "坚持常态长效，", "立足{sec}实际，", "坚持边查边改，", "以{dom}为切入点，", "坚持严字当头，", "按照“{motto}”的要求，",
    "@motto", "严管就是厚爱", "谁主管、谁负责", "管业务必须管廉政", "抓早抓小、防微杜渐", "有权必有责、用权受监督",
    "一级抓一级、层层抓落实",
    "@effect", "确保{dom}等任务落地见效", "推动{dom}工作落实落细", "{sub_unit}取得了明显成效", "有力推动了{sec}工作健康发展",
    "在{sys}形成了较好的工作氛围", "把制度优势转化为{dom}治理效能", "受到{serve}的普遍好评", "为{sec}事业发展提供了有力保障",
    "{sys}风清气正的局面{firmer}", "推动对{dom}的监督更加精准有效", "{campaign}相关做法得到上级肯定", "{sys}政治生态持续向好",
    "{staff}纪律意识明显增强", "{dom}工作质效不断提升", "{sub_unit}做到有部署、有检查、有反馈", "实现了{dom}全流程可追溯",
    "{dom}管理更加规范", "{staff}精神面貌焕然一新", "{serve}获得感明显增强", "推动{dom}工作提质增效",
    "为{sec}全年目标任务完成{laid}", "形成了{dom}等方面制度成果", "以实际行动践行了{motto}", "在{sub_unit}营造了干事创业的良好氛围",
    "@laid", "打下了坚实基础", "提供了有力保障", "创造了良好条件", "奠定了基础", "注入了动力",
    "@firmer", "进一步巩固", "持续巩固", "日益浓厚", "不断巩固拓展", "更加浓厚", "逐步形成",
    "@p_opener", "同时，", "此外，", "另外，", "与此同时，", "从实际情况看，", "具体表现在：", "特别是",
    /* ---- preamble */
    "@pre_open", "{Y}年，{unit}", "{Y}年以来，{unit}", "今年以来，{unit}", "一年来，{unit}",
    "{Y}年是{yfact}。一年来，{unit}", "{Y}年，在{lvl}委和{lvl}纪委监委的坚强领导下，{unit}",
    "{Y}年，{unit}在{lvl}委的坚强领导下，", "{Y}年，面对{sec}改革发展稳定的繁重任务，{unit}",
    "一年来，围绕{all}{sec}工作大局，{unit}",
    "@pre_guide", "坚持以习近平新时代中国特色社会主义思想为指导", "在习近平新时代中国特色社会主义思想指引下",
    "始终坚持以习近平新时代中国特色社会主义思想为指导", "深入学习贯彻习近平总书记关于党的自我革命的重要思想",
    "@pre_mid2", "围绕{dom*}等重点任务", "坚持{dom}业务和党建同谋划", "以{campaign}为牵引", "在{dom}等领域持续发力",
    "立足{sub_unit}实际", "突出{dom}等关键环节", "推动{campaign}走深走实", "对照{docname}",
    "@pre_mid", "紧扣中心工作抓{dom}", "围绕{dom}", "聚焦{dom*}", "立足{place}实际", "以{campaign}为抓手",
    "按照{docname}", "结合{campaign}", "持续用力抓{dom}", "着眼{serve}期盼",
    "@pre_deploy", "结合{dom}认真落实{ymeet}和{lvlchain}纪委全会部署", "在{sys}全面落实{ymeet}精神",
    "按照{lvl}纪委监委关于{dom}的工作部署", "围绕{dom}贯彻落实{ymeet}精神", "按照{docname}要求",
    "@pre_focus", "以{ytheme}为主线", "紧扣{sec}中心工作", "围绕{all}{sec}事业发展大局", "以清廉机关建设为抓手",
    "坚持严的主基调", "聚焦{sec}主责主业", "坚持问题导向和目标导向",
    "@pre_act", "{pa_verb}{pa_obj}", "{pa_verb}{pa_obj}", "{pa_verb}{pa_obj}", "一体推进不敢腐、不能腐、不想腐",
    "以{campaign}推动作风持续好转",
    "@pa_verb", "认真履行", "持续深化", "扎实推进", "纵深推进", "统筹推进", "着力抓好", "坚定不移推进", "一以贯之抓好",
    "@pa_obj", "{sys}全面从严治党主体责任", "{sec}领域党风廉政建设", "{sys}全面从严治党", "{dom}等领域正风肃纪反腐",
    "{sub_unit}党风廉政建设", "党建和{sec}业务深度融合", "{dom}等重点领域廉政风险防控", "“两个责任”贯通协同",
    "@pre_goal", "为{pg_what}提供了{pg_how}", "{sys}政治生态持续向好", "{sys}风清气正的良好氛围{firmer}",
    "{dom}等各项工作取得了新的成效", "为{pg_what}提供了{pg_how}",
    "@pg_what", "{all}{sec}事业高质量发展", "推动{dom}等工作", "完成{sec}全年目标任务", "{campaign}顺利实施",
    "{sub_unit}各项工作", "{dom}等重点任务落实",
    "@pg_how", "坚强政治保障", "有力的纪律保障", "坚强保障", "有力支撑", "有力保证",
    "@pre_close", "现将{Y}年{pc_what}总结如下：", "现将有关情况总结如下：", "现将{pc_what}报告如下：",
    "现将{Y}年度{pc_what}汇报如下：", "现将{org}{pc_what}报告如下：", "现就{pc_what}总结如下：",
    "现结合{dom}等工作将{pc_what}报告如下：", "现将{short}{Y}年{pc_what}简要报告如下：", "对照年初{pl_obj}目标，现将{pc_what}总结如下：",
    "@pc_what", "党风廉政建设工作情况", "{sec}系统党风廉政建设工作", "全年工作情况", "主要工作情况", "一年来的工作",
    "落实全面从严治党主体责任情况", "工作开展情况和下步打算", "{sys}党风廉政建设推进情况", "{campaign}等重点工作推进情况",
    "履行“两个责任”情况", "{sec}领域正风肃纪工作情况",
    "@pre", "{pre_open}{pre_mid}，{pre_guide}，{pre_mid2}，{ycong}，{pre_deploy}，{pre_act}，{pre_goal}。{pre_close}",
    "{pre_open}{pre_mid}，{pre_guide}，{pre_mid2}，{ycong}，{pre_focus}，{pre_act}，{pre_goal}。{pre_close}",
    "{pre_open}{pre_mid}，{pre_guide}，{pre_mid2}，{pre_deploy}，{pre_act}，{pre_goal}。{pre_close}",

    /* ---- level-1 headings */
    "@h1_work", "{Y}年主要工作开展情况", "主要工作及成效", "主要工作情况", "{Y}年工作开展情况",
    "工作开展情况及取得的成效", "履行党风廉政建设主体责任情况", "{Y}年党风廉政建设工作开展情况",
    "{Y}年{sec}系统党风廉政建设主要做法", "落实全面从严治党主体责任的主要做法", "主要做法和成效",
    "一年来的主要工作", "{short}履行管党治党责任情况", "围绕{dom}等重点开展的主要工作", "{sys}全面从严治党工作成效",
    "以{campaign}为抓手推进的主要工作",
    "@h1_prob", "存在的问题", "存在的问题和不足", "存在的主要问题", "工作中存在的不足", "存在问题",
    "当前存在的薄弱环节", "{sec}领域党风廉政建设存在的问题", "问题和不足",
    "@h1_cause", "原因分析", "问题产生的原因",
    "@h1_plan", "{Y1}年工作打算", "{Y1}年工作思路", "下一步工作打算", "下一步工作措施", "{Y1}年工作计划",
    "{Y1}年{sec}党风廉政建设工作安排", "下一步{pl_obj}工作打算", "{Y1}年重点工作",

    /* ---- level-2 headings of the work section, by group */
    "@h2a_1", "坚持把党的政治建设摆在首位", "突出政治引领", "强化理论武装", "坚持学思践悟", "聚焦“两个维护”",
    "旗帜鲜明讲政治", "坚持思想引领", "把{yedu}引向深入", "紧扣{sec}中心工作讲政治",
    "@h2b_1", "筑牢对党忠诚思想根基", "扛牢管党治党政治责任", "确保正确政治方向", "以学促干推动工作落实",
    "凝心铸魂强根基", "提高{staff}政治判断力、政治领悟力、政治执行力", "推动{dom}等工作提质增效", "确保党中央决策部署在{sec}领域落地",
    "@h2a_2", "压紧压实管党治党责任", "健全责任体系", "坚持全面从严", "聚焦主责主业", "强化责任担当",
    "坚持上下联动", "抓实{sub_unit}责任落实", "紧扣{dom}压实责任",
    "@h2b_2", "推动全面从严治党向纵深发展", "推动“两个责任”贯通协同", "形成一级抓一级的工作格局",
    "强化引领保障", "层层传导压力", "推动责任落地见效", "把责任传导到{sub_unit}", "以责任落实保障{dom}",
    "@h2a_3", "聚焦重点领域", "紧盯关键环节", "坚持源头治理", "强化权力运行监督", "突出{sec}主责主业",
    "坚持标本兼治", "紧盯{dom}等关键环节", "聚焦{power_link}等重点岗位",
    "@h2b_3", "加强廉政风险防控", "织密权力运行监督网", "守牢廉洁底线", "推进以案促改以案促治",
    "规范权力运行", "扎紧制度笼子", "规范{dom}权力运行", "织密{sub_unit}监督网络",
    "@h2a_4", "驰而不息纠治“四风”", "持之以恒正风肃纪", "坚持严的基调", "锲而不舍落实中央八项规定精神",
    "坚持长管长严", "从严执纪问责", "紧盯{holiday}等节点纠治“四风”", "以{campaign}推动正风肃纪",
    "@h2b_4", "深化作风建设", "巩固拓展作风建设成效", "营造风清气正良好环境", "推动作风持续向好",
    "锻造过硬作风", "持续释放从严信号", "推动{sys}作风持续好转", "让{serve}感受到作风新变化",
    "@h2a_5", "深化纪律教育", "强化警示教育", "厚植廉洁文化", "坚持教育在先", "推进清廉机关建设",
    "注重以文化人", "以{campaign}深化廉洁教育", "推进廉洁文化进{sub_unit}",
    "@h2b_5", "筑牢拒腐防变思想防线", "营造崇廉尚洁浓厚氛围", "增强不想腐的自觉", "推进标本兼治",
    "涵养清风正气", "以文化人以文育廉", "营造{sec}崇廉拒腐氛围", "让廉洁理念融入{dom}",
    "@h2a_6", "加强干部队伍建设", "从严管理监督干部", "坚持严管厚爱结合", "锻造过硬队伍", "加强自身建设",
    "强化日常管理", "加强{sub_unit}干部管理", "从严管理{key_person}",
    "@h2b_6", "打造忠诚干净担当的干部队伍", "把好干部廉洁关", "激励干部担当作为", "提升履职能力",
    "守住安全保密底线", "推动干部队伍建设提质增效", "建设过硬{sec}干部队伍", "推动{key_person}担当作为",

    /* ---- specifics: named campaigns, document titles, places (high-entropy slots) */
    "@cw", "清风", "阳光", "廉洁", "正风", "护航", "铸魂", "强基", "亮剑", "提质", "先锋", "守廉", "清源",
    "明镜", "固本", "护民", "惠民", "暖心", "攻坚", "争先", "笃行", "砺剑", "净风", "润心", "聚力",
    "@campaign", "“{cw2}”专项行动", "“{cw2}”行动", "“{cw2}”工程", "“{cw2}”计划", "“{cw2}”系列活动",
    "@docname", "《关于{doc_subj}的{doc_kind}》",
    "@doc_subj", "加强{dom}监督管理", "进一步规范{dom}", "深化{sec}领域清廉建设", "加强对{key_person}的监督",
    "推进{sec}系统作风建设", "规范{power_link}行为", "落实全面从严治党主体责任", "严肃财经纪律",
    "推进清廉机关建设", "加强{dom}廉政风险防控", "深化以案促改", "做好{dom}工作",
    "@doc_kind", "实施意见", "实施方案", "若干措施", "暂行办法", "工作规则", "管理办法", "工作指引", "指导意见",
    "@v_do", "组织开展", "深入开展", "扎实开展", "持续开展", "认真开展", "集中开展", "常态化开展", "全面开展",
    "@v_impl", "严格落实", "认真落实", "全面落实", "切实落实", "坚决落实", "不折不扣落实", "严格执行", "认真执行",
    "@lead", "围绕{dom*}等重点领域", "聚焦{dom}等关键环节", "针对{dom}中的突出问题", "按照{docname}要求",
    "结合{sec}工作实际", "紧扣{ytask}", "坚持问题导向", "对照{lvl}委部署要求", "以{campaign}为抓手",
    "在{place}等基层站点", "立足{dom}工作特点", "围绕{ystudy}", "坚持系统观念", "按照“{motto}”的要求",
    "针对{sub_unit}的薄弱环节", "对照年初确定的目标任务",

    /* ---- work topics: t_ titles, a_ action clauses, b_ detail clauses (sentences are composed
     * in code: A，B。 / A，B，effect。 / lead，A，B。 / A，A，B。 ...) */
    "@t_study", "抓实理论学习", "强化理论武装", "深化政治理论学习", "坚持学思践悟", "落实“第一议题”制度",
    "加强政治理论学习，筑牢思想政治防线", "{adv}开展{yedu}", "强化学习教育，坚定理想信念",
    "@o_study", "理论学习中心组集体学习", "专题读书班", "“三会一课”", "主题党日活动", "专题研讨", "青年理论学习小组活动",
    "集中轮训", "支部书记讲党课", "交流研讨会", "“第一议题”学习", "党纪法规专题辅导", "读书分享会", "专题宣讲",
    "@a_study", "{v_do}{o_study}", "{v_impl}“第一议题”制度", "把{reg}纳入{form_study}内容", "坚持读原著、学原文、悟原理",
    "以{campaign}为载体推动学习走深走实", "依托{study_platform}等平台推动学习常态化", "把{ystudy}作为{sub_unit}{study_task}",
    "制定{docname}", "组织党员干部深入学习{reg}", "围绕{dom}开展蹲点调研", "坚持以学铸魂、以学促干，围绕{dom}开展专题调研",
    "推动理论学习与{dom}等业务深度融合", "组织{staff}赴{place}等基层一线调研", "结合{dom}开展“{act_name}”活动",
    "@b_study", "全年开展{o_study}{n}次、专题研讨{n}次", "班子成员到{sub_unit}讲专题党课{n}场次", "形成{study_out}{n}篇",
    "覆盖{staff}{nnn}余人次", "{staff}参学率达到{pct}%", "明确{study_topic}等学习专题{n}个", "研究{dom}等方面贯彻措施{n}项",
    "{staff}{study_end2}",
    "@study_task", "首要政治任务", "理论学习的重点", "学习教育的主线", "常态化学习的核心内容",
    "@study_out", "调研报告", "心得体会", "研讨材料", "理论文章", "学习笔记",
    "@study_topic", "政治理论", "党纪法规", "业务知识", "廉洁从政", "作风建设", "意识形态",
    "@study_end", "走深走实", "入脑入心", "常态长效", "落地生根",
    "@study_end2", "以学促干的氛围日益浓厚", "学习成效不断转化", "理论武装进一步加强", "学用结合更加紧密",

    "@t_polsup", "强化政治监督", "胸怀“国之大者”，常态开展政治监督", "聚焦“两个维护”强化政治监督",
    "推动决策部署落地见效", "做实做细政治监督", "{vstr}政治监督",
    "@a_polsup", "聚焦党中央决策部署在{sec}领域的落实情况", "建立政治监督{pol_list}", "围绕{dom*}等重点任务开展监督检查",
    "{vstr}对{key_person*}履职用权情况的监督", "采取{method_chk*}等方式开展跟踪监督", "把政治监督融入{dom}等日常管理",
    "对{dom}开展重要指示批示精神落实“回头看”", "坚决纠正{dom}中搞变通、打折扣等问题", "配合派驻纪检监察组开展{sup_form}",
    "围绕{dom}等民生关切推动监督下沉", "紧扣{ytask}强化监督保障", "以{campaign}为抓手推动决策部署落地",
    "@pol_list", "清单", "台账", "责任清单", "任务清单", "问题清单",
    "@b_polsup", "对{sub_unit}开展监督检查{n}次", "督促{sub_unit}整改问题{n}个", "对{n}个落实不力的{dept}进行督办", "梳理{dom}等方面任务{n}项",
    "推动解决{serve}反映集中的问题{n}个", "明确{dom}等监督事项{n}项", "确保{sys}政令畅通、令行禁止",

    "@t_resp", "压实主体责任", "健全责任体系", "加强组织领导，统筹党风廉政建设", "落实“一岗双责”",
    "完善责任清单，推动层层履职担责", "强化责任考核", "{vstr}责任落实",
    "@a_resp", "{v_impl}{resp_rule}", "制定{sub_unit}主体责任清单和“一岗双责”清单",
    "{short}书记带头履行第一责任人职责，对{dom}亲自过问", "对{dom}等重点工作亲自部署、亲自过问", "逐级签订党风廉政建设责任书",
    "将党风廉政建设纳入{dept}年度综合考核", "建立{mech}", "定期会商{dom}等领域的党风廉政建设情况",
    "召开{all}{sys}全面从严治党工作会议", "印发{docname}", "坚持把党风廉政建设与{dom}等业务同谋划、同部署",
    "对{sub_unit}开展主体责任落实情况专项督查", "推动主体责任和监督责任在{dom}中贯通协同",
    "@b_resp", "明确{resp_item}{n}项", "全年召开{short}会议专题研究{n}次", "听取{sub_unit}负责人述责述廉{n}人次",
    "与{sub_unit}签订责任书{nn}份", "{dept}考核中党建权重提高到{pct2}%", "对{n}个{sub_unit}进行{talk}", "对{key_person}开展廉政谈话{nn}人次",
    "考核结果与{reward*3}挂钩", "{sys}{resp_end}",
    "@resp_rule", "《党委（党组）落实全面从严治党主体责任规定》", "{sub_unit}主体责任清单", "{docname}", "“一岗双责”制度",
    "@resp_item", "重点任务", "具体举措", "责任事项", "工作任务", "量化指标",
    "@resp_end", "形成一级抓一级、层层抓落实的工作格局", "推动责任链条无缝衔接", "确保责任压力传导到位",
    "做到两手抓、两手都要硬", "推动管党治党责任落地见效",
    "@reward", "评先评优", "干部使用", "绩效奖励", "年度考核", "职级晋升",
    "@talk", "约谈提醒", "提醒谈话", "批评教育", "通报批评", "诫勉谈话", "责令检查", "函询",

    "@t_topsup", "加强对“一把手”和领导班子的监督", "严格执行民主集中制", "强化对关键少数的监督",
    "规范“三重一大”决策", "抓住“关键少数”",
    "@a_topsup", "{v_impl}民主集中制", "在{dom}等事项上严格执行“三重一大”制度", "建立{sub_unit}主要负责人述责述廉制度",
    "{v_impl}{key_person}个人有关事项报告制度", "{v_impl}插手干预{dom}等重大事项记录报告制度",
    "对{key_person}亲属经商办企业情况开展{check_way}", "对{power_link*}等权力集中岗位实行重点监督",
    "在{dom}中推行分事行权、分岗设权", "召开年度民主生活会", "围绕{dom}开展批评和自我批评",
    "通过{sup_way*}等方式加强日常监督",
    "@b_topsup", "研究{major_item}{nn}项", "对{n}名“一把手”开展{talk}", "对{key_person}的抽查核实比例达到{pct2}%",
    "对{n}名漏报的{key_person}依规{handle}", "记录报告{dom}等相关事项{n}件", "签订{pledge}{nn}份", "围绕{dom}查摆问题{nn}个",
    "{sub_unit}做到应记尽记、应报尽报",
    "@handle", "作出处理", "予以批评教育", "进行诫勉谈话", "作出组织处理", "进行提醒谈话",
    "@check_way", "排查", "摸底", "专项核查", "抽查核实", "全面梳理",
    "@major_item", "“三重一大”事项", "重大事项", "重大项目安排", "大额资金使用事项",
    "@pledge", "廉洁从政承诺书", "廉洁自律承诺书", "家庭助廉承诺书", "廉洁从业承诺书", "{dom}廉洁承诺书", "岗位廉政承诺书",
    "@sup_way", "谈心谈话", "述职评议", "个人事项核查", "列席民主生活会", "函询", "廉情分析",

    "@t_inspect", "高质量推进巡察整改", "抓好巡察审计整改", "以巡促改、以巡促建", "强化整改落实", "抓实问题整改",
    "@a_inspect", "对{lvl}委巡察反馈的{dom}等问题照单全收", "建立问题、任务、责任“三张清单”",
    "针对{audit}发现的问题逐项制定整改措施", "实行{fix_mode}", "{short}书记亲自抓、班子成员对{dom}分兵把守",
    "举一反三开展自查自纠", "对{dom}等领域共性问题一并整改", "配合{lvl}委巡察组完成常规巡察",
    "将巡察整改与{dom}等重点工作结合起来",
    "@b_inspect", "{dom}方面反馈问题已整改完成{pct}%", "建立健全{dom}等方面制度{n}项", "在{sub_unit}召开整改推进会{n}次",
    "提供{dom}等方面资料{nn}份", "推动{dom}整改{fix_end}", "涉及{dom}等{n}个方面{nn}个问题",
    "@fix_mode", "销号管理", "挂图作战", "台账管理", "清单式管理", "跟踪督办",
    "@fix_end", "件件有着落、事事有回音", "真改实改、全面见效", "取得实实在在的成效", "按期全部完成",
    "@t_risk", "紧盯防范重点，开展廉政风险排查", "加强廉政风险防控", "强化重点领域监管", "规范权力运行",
    "深化风险排查", "{vstr}{dom}监管",
    "@a_risk", "围绕{dom*}等关键环节开展廉政风险排查", "对{power_link*}等环节实行全流程监管", "推行“一事一档”管理",
    "从严监管{dom}", "严格执行{proc}", "推进{dom}信息化监管", "依托{platform}实现风险自动预警",
    "建立廉政风险分级管理台账", "落实{key_person}定期交流轮岗制度", "修订完善{rule_name}", "对{dom}实行“阳光操作”",
    "以{campaign}为抓手规范{dom}", "在{place}等基层站所开展风险排查",
    "@b_risk", "查找{dom}风险点{nn}个", "针对{power_link}制定防控措施{nn}条", "对{dom}中的{n}起违规问题依法依规处理", "将{dom}等{nn}个岗位划分为三个风险等级",
    "对{sub_unit}开展专项检查{n}轮", "{dom}岗位交流轮岗{n}名", "{staff}签订{pledge}{nnn}份", "{dom}办理结果全部向社会公开", "切实压缩{dom}自由裁量空间",

    "@t_fin", "严肃财经纪律", "规范政府采购管理", "加强国有资产管理", "严格预算管理", "强化财会监督",
    "@a_fin", "坚持“过紧日子”思想", "严控{spend*}等一般性支出", "规范{buy}程序", "开展财务收支专项检查",
    "重点检查{fin_issue*}等问题", "开展国有资产清查", "对{asset}配置、使用、处置实行全流程监管", "修订机关{rule_name}",
    "对{dom}等方面资金实行跟踪问效", "{vstr}对{sub_unit}的财务监管", "委托第三方机构开展{audit}",
    "@b_fin", "{spend}支出同比下降{pctlow}%", "实施{buy}项目{nn}个、金额{dec}亿元", "发现{fin_issue}等问题{nn}个",
    "清理{asset}{nn}项", "对{dom}开展绩效评价{n}次", "涉及{dom}资金{dec}亿元", "规范{big_money}管理", "{sub_unit}做到{dom}每一笔支出{traceable}",
    "@traceable", "有据可查", "有账可查、有责可追", "可追溯", "全程留痕",
    "@spend", "会议费", "差旅费", "培训费", "公务接待费", "办公经费", "车辆运行费",
    "@buy", "政府采购", "货物采购", "服务采购", "工程采购",
    "@asset", "闲置资产", "低效资产", "账外资产", "超标配置资产",
    "@big_money", "大额资金使用和对外投资", "专项资金拨付", "往来款项", "工程款支付",

    "@t_masses", "整治群众身边不正之风和腐败问题", "坚持以人民为中心，解决群众急难愁盼问题", "深化专项整治",
    "推进民生领域专项治理", "优化服务作风",
    "@a_masses", "聚焦{dom*}等{serve}关切", "深入开展{dom}领域群众身边不正之风整治", "畅通{serve}投诉举报渠道",
    "深入开展{dom}领域突出问题专项整治", "推行{svc*3}等便民举措", "开展“我为群众办实事”实践活动",
    "严查{staff}吃拿卡要、推诿扯皮等行为", "组织开展{dom}专项治理“回头看”", "建立{dom}问题线索快速处置机制",
    "深入{place}等基层一线走访",
    "@b_masses", "查纠{dom}问题{nn}个", "受理{serve}投诉举报{nn}件", "{dom}事项办结率达到{pct}%", "对{n}起典型问题严肃处理并{expose}",
    "{dom}办事时限平均压缩{pctlow}%", "推出{dom}等为民办实事项目{nn}项", "对{n}个{sub_unit}整改情况逐一核查", "处理{staff}{n}人",
    "@expose", "通报曝光", "点名道姓通报", "在{sys}内通报", "公开曝光",

    "@t_sysbuild", "严密制度笼子", "健全制度体系", "加强制度建设", "以制度管权管事管人", "完善内控机制",
    "@a_sysbuild", "围绕{dom*}等事项完善制度", "修订{rule_name}", "制定{docname}", "对现行{rule_kind}开展全面梳理",
    "严格执行{rule_name}", "编制{dom}权力运行流程图", "健全内部控制体系", "在{power_link*}等环节设置不相容岗位分离",
    "防范因{weak*3}而发生的廉政风险",
    "@b_sysbuild", "新制定和修订{dom}制度{n}项", "废止{rule_kind}{n}项、修订{n}项", "对{sub_unit}开展制度执行检查{n}次", "编制{power_link}流程图{n}张",
    "形成相互制约的{mech}", "防止制度“{paper}”", "实现{dom}权力运行可查询、可追溯",
    "@weak", "程序不严密", "职责不清晰", "监督不到位", "流程不规范", "标准不统一",
    "@rule_kind", "内部管理制度", "规范性文件", "业务管理制度", "财务管理制度",
    "@paper", "挂在墙上、锁在抽屉里", "写在纸上、停在嘴上", "上下一般粗", "空转虚化",

    "@t_eight", "严格落实中央八项规定精神", "加固中央八项规定精神堤坝", "做实日常监督，提高全面治理成效",
    "驰而不息纠治“四风”", "紧盯重要节点正风肃纪",
    "@a_eight", "紧盯{holiday*5}等重要节点", "通过{method_chk*}等方式严防“四风”反弹回潮", "严格{sub_unit}公务接待和公务用车管理",
    "坚决纠治{fw_issue*}等问题", "开展违规吃喝问题专项整治", "紧盯{fw_issue*}等隐形变异问题", "{v_impl}厉行节约各项规定",
    "规范{sub_unit}公务用车审批和登记", "在{holiday*}前开展{method_chk}",
    "@b_eight", "发送{remind}{nnn}条", "在{sub_unit}召开廉政提醒会{n}次", "查处{fw_issue}等问题{n}起", "处理{staff}{n}人",
    "{spend}同比下降{pctlow}%", "对{key_person}{remind_end}", "对{fw_issue}保持{pressure}", "对{n}个{sub_unit}进行抽查",
    "@remind", "廉洁提醒短信", "廉政提醒信息", "节日廉洁提醒", "廉洁过节倡议",
    "@remind_end", "做到警钟长鸣", "提前打好“预防针”", "敲响廉洁警钟", "形成有力震慑",
    "@pressure", "惩治高压态势", "从严从紧态势", "露头就打的高压态势", "严查严处的鲜明导向",

    "@t_formal", "持续整治形式主义官僚主义", "切实为基层减负", "改进文风会风", "深化机关作风建设", "开展作风建设专项行动",
    "@a_formal", "精简会议文件", "规范督查检查考核", "统筹合并{dom}等检查事项", "深入整治{form_issue*3}等问题",
    "开展机关作风建设专项行动", "推行{svc*3}", "深化“放管服”改革", "落实首问负责、限时办结等制度",
    "对{dom}等窗口开展作风暗访", "以{campaign}为抓手转变作风",
    "@b_formal", "{dept}会议数量较上年减少{pctlow}%", "{dept}发文数量同比下降{pctlow}%", "{sub_unit}{reduce_end}", "对{n}名干部进行{talk}",
    "梳理{dom}作风问题{nn}个", "通报{form_issue}问题{n}个", "切实为{sub_unit}减负",
    "@reduce_end", "文风会风持续改进", "基层负担进一步减轻", "干部有更多精力抓落实", "为基层松绑减负",

    "@t_discip", "精准运用“四种形态”", "严肃监督执纪问责", "坚持抓早抓小", "强化执纪问责", "做实日常监督",
    "@a_discip", "精准运用监督执纪“四种形态”", "坚持抓早抓小、防微杜渐", "对{dom}中的苗头性、倾向性问题{early}",
    "支持派驻纪检监察组对{sub_unit}监督执纪问责", "健全{mech}", "落实“三个区分开来”要求", "坚持严管和厚爱结合",
    "对{sub_unit}受处理处分干部开展{revisit_way}",
    "@b_discip", "运用第一种形态{first_form}{nn}人次", "运用第二种形态处理{n}人", "移交{dom}问题线索{n}条",
    "受理{dom}信访举报{nn}件", "对{n}名{duty_issue}的干部进行问责", "为{sub_unit}{n}名干部澄清正名", "对{n}名{staff}{revisit}",
    "@revisit_way", "回访教育", "回访谈心", "跟踪回访", "关心回访", "“暖心回访”",
    "@first_form", "批评教育、谈话提醒", "提醒谈话、批评教育", "谈话函询", "约谈提醒", "批评教育、责令检查",
    "谈话提醒、诫勉", "提醒谈话、函询", "红脸出汗、咬耳扯袖",
    "@early", "早发现早纠正", "早发现、早提醒、早纠正", "及时提醒纠正", "抓早抓小、及时纠偏", "做到早发现早处置",
    "@duty_issue", "失职失责", "履职不力", "作风不实", "违反工作纪律",
    "@revisit", "帮助其放下包袱、轻装上阵", "引导其正确对待组织处理", "推动其重新激发干事热情",
    "结合{dom}工作帮助其重树信心", "在{sub_unit}为其安排适合岗位", "跟踪了解其思想和{dom}工作表现",
    "做好处分影响期满后的跟踪管理",

    "@t_warn", "深化警示教育，筑牢思想防线", "强化纪律教育", "开展纪律教育学习月活动", "以案明纪、以案促改", "深化以案促改",
    "@a_warn", "把警示教育作为{sys}{edu_kind}的重要内容", "组织{edu_form*}", "通报近年来{sys}典型违纪违法案件",
    "召开以案促改专题{meeting}", "组织开展纪律教育学习月活动", "针对{dom}领域案件深入剖析案发原因",
    "组织党员干部赴{edu_base}开展现场教育", "对{key_person}开展任前廉政谈话", "深入学习{reg}",
    "@b_warn", "开展{quiz}{n}场次", "{sub_unit}{staff}参与{nnn}余人次", "查找{dom}制度漏洞{n}个", "在{sys}{case_end}", "{edu_end}，{staff}纪律意识明显增强",
    "{staff}撰写心得体会{nn}篇", "通报{dom}典型案例{n}起", "引导{staff}知敬畏、存戒惧、守底线",
    "@meeting", "民主生活会", "组织生活会", "警示教育会", "党组（党委）会议",
    "@quiz", "党纪法规知识测试", "廉政知识测试", "纪法知识竞赛", "廉政知识答题",
    "@case_end", "做到查处一案、警示一片、治理一域", "推动以案促改、以案促治", "做深做实案件“后半篇文章”",
    "以个案剖析推动系统治理",
    "@edu_end", "用身边事教育身边人", "让党员干部受警醒、明底线", "增强拒腐防变的自觉", "筑牢不想腐的思想堤坝",
    "让{staff}知敬畏、守底线", "以{dom}领域案例警示身边人", "推动{sub_unit}举一反三",

    "@t_culture", "加强廉洁文化建设", "厚植廉洁文化", "推进新时代廉洁文化建设", "涵养清风正气", "弘扬清廉家风",
    "@a_culture", "开展{culture_act*}等活动", "打造“清风{sec}”廉洁文化品牌", "深化家庭家教家风建设",
    "挖掘{place}等地{culture_res*3}资源", "征集廉洁文化作品", "结合{dom}工作特点提炼廉洁从业理念",
    "把廉洁文化建设与{dom}等业务相融合", "以{campaign}为载体推进廉洁文化进基层",
    "@b_culture", "建设{culture_spot}{n}处", "评选“清廉家庭”{n}户", "编印{book}{n}册", "开展廉洁主题宣讲{n}场次",
    "评选{sec}廉洁文化优秀作品{n}件", "{sys}{culture_end}", "推动廉洁文化进机关、进{sub_unit}、进{place}",
    "@culture_res", "红色", "廉洁文化", "家风家训", "乡贤文化", "非遗文化", "历史文化",
    "@culture_spot", "廉政文化长廊", "廉洁文化角", "清风书屋", "廉政教育室", "廉洁文化墙",
    "@book", "廉洁读本", "家风故事汇编", "警示教育案例选编", "党纪法规口袋书",
    "@culture_end", "清风正气更加充盈", "以文化人的效果逐步显现", "崇廉拒腐的氛围日益浓厚", "廉洁文化品牌影响力不断扩大",

    "@t_clean", "推进清廉机关建设", "打造清廉机关品牌", "深化清廉单元建设", "以清廉机关建设为抓手", "创建模范机关",
    "@a_clean", "制定《清廉机关建设实施方案》", "按照“一单位一品牌”思路推进{sub_unit}清廉单元建设", "健全{dom}等重点事项公开机制",
    "推进党务、政务、事务公开", "将清廉机关建设与{dom}等业务深度融合", "开展清廉机关建设评估",
    "围绕{dom}建立廉政风险防控清单", "以{campaign}为抓手打造清廉品牌",
    "@b_clean", "明确{n}个方面{nn}项{resp_item}", "在{sub_unit}评选清廉示范点{n}个", "对照{dom}等{nn}项指标逐项打分", "{sub_unit}{clean_end}",
    "对{n}个{sub_unit}{clean_check}", "主动接受{serve}监督",
    "@clean_end", "示范带动作用逐步显现", "清廉建设氛围日益浓厚", "清廉底色更加鲜明", "形成一批可复制的经验做法",
    "@clean_check", "进行督导反馈", "开展现场评估", "提出整改建议", "实行动态管理",

    "@t_cadre", "严格干部选拔任用", "从严加强干部选拔任用监督", "严肃组织纪律，强化干部监督管理",
    "从严管理监督干部", "把好选人用人关",
    "@a_cadre", "严格执行干部选拔任用规定，加强对{cadre_event}的监督", "对{dept}拟提任干部{v_impl}任前廉政审查",
    "坚持好干部标准", "加强对{cadre_event*}等工作的监督", "开展干部档案专项审核", "{v_impl}{reg}",
    "{vstr}对年轻干部的教育管理监督", "围绕{dom}等岗位选派{key_person}到{place}等一线锻炼", "严格履行{pick_step*5}等程序",
    "@b_cadre", "全年选拔任用{dept}干部{n}名", "就{cadre_event}征求{sys}纪检组织意见{n}人次", "审核{sub_unit}干部档案{nn}卷",
    "对{n}个{file_issue}问题及时整改", "为{dom}岗位年轻干部建立成长档案{nn}份", "在{cadre_event}中{cadre_guard}", "把好{sub_unit}{key_person}政治关、廉洁关",
    "@cadre_guard", "坚决防止“带病提拔”", "严把廉洁关", "严格执行廉政意见回复", "严格落实“凡提四必”",
    "把好政治关、品行关", "做到“凡提必审”",
    "@pick_step", "动议", "民主推荐", "考察", "讨论决定", "任前公示", "任职谈话",
    "@file_issue", "“三龄二历一身份”", "材料缺失", "信息不一致", "手续不完备",

    "@t_jjteam", "加强纪检干部队伍建设", "提升纪检监察工作规范化水平", "锻造纪检铁军", "强化自身建设",
    "@a_jjteam", "配齐配强{sub_unit}纪检干部", "选派纪检干部参与{dom}专项检查", "严格落实纪检干部“十严禁”要求",
    "建立纪检委员履职清单", "推动纪检委员在{dom}等工作中发挥“探头”作用", "组织纪检干部围绕{dom}开展业务练兵",
    "以铁的纪律打造{jj_goal}",
    "@b_jjteam", "在{sub_unit}设立专兼职纪检委员{nn}名", "组织开展{train}{n}期", "明确{dom}等监督职责{n}项", "提升{jj_skill}的能力",
    "{sub_unit}纪检干部{jj_end}", "围绕{dom}开展“以干代训”{n}人次",
    "@jj_skill", "发现问题、精准监督", "线索研判、案件查办", "规范履职、依纪依法", "调查取证、审理把关",
    "谈话函询、初步核实", "运用信息化手段监督", "跟踪督办、整改问效",
    "@jj_goal", "忠诚干净担当的{sec}纪检队伍", "政治过硬、本领高强的{sub_unit}纪检铁军",
    "规范履职、严守纪律的{sec}纪检干部队伍",
    "@jj_end", "监督执纪能力明显提升", "业务水平进一步提高", "履职规范化水平不断提升",

    "@t_secret", "抓实保密工作", "落实意识形态工作责任制", "严守安全保密底线", "加强网络意识形态管理",
    "@a_secret", "严格落实保密工作责任制", "对{secret_obj*}实行台账式管理", "组织开展保密自查自纠", "落实意识形态工作责任制",
    "{vstr}对{sec}领域网络舆情的监测研判", "严禁通过{im*}等渠道传输涉密信息", "{vstr}对{sec}政务新媒体的内容审核",
    "@b_secret", "开展{secret_train}{n}次", "覆盖{staff}{nnn}人次", "签订保密承诺书{nnn}份", "审核发布{dom}等信息{nnn}条",
    "{sub_unit}{secret_end}", "结合{dom}专题研究{ideo}{n}次",
    "@ideo", "意识形态工作", "网络舆情应对", "意识形态风险研判", "宣传思想工作",
    "@secret_end", "全年未发生失泄密事件", "确保国家秘密安全", "筑牢安全保密防线", "确保信息发布安全规范",
    "@secret_train", "保密知识培训和测试", "保密警示教育", "保密宣传月活动", "涉密人员专题培训",
    "@im", "微信", "钉钉", "QQ", "电子邮箱", "互联网云盘",

    /* ---- problems */
    "@p_lead", "{p_lead_a}，{p_lead_b}：", "{p_lead_a}，{p_lead_b}，主要表现在：",
    "@p_lead_a", "在{dom}等工作取得成绩的同时", "回顾一年来的工作", "{Y}年的{dom}等工作虽然取得了一定成绩",
    "对照{p_std}", "对照{docname}的要求", "结合{campaign}查摆", "通过{check_src}", "总结一年来的{dom}等工作",
    "@check_src", "巡察反馈和自查自纠", "民主生活会查摆", "廉政风险排查", "征求{serve}意见", "专项检查",
    "@p_lead_b", "我们也清醒地认识到{short}在{p_area}、{p_area2}等方面还存在一些问题和不足",
    "{sys}在{p_area2}方面仍有差距", "{short}在{p_area}方面还存在一些薄弱环节", "{p_area2}等方面还存在不少短板",
    "{sub_unit}在{p_area}方面还有不足", "我们在{p_area2}等方面还存在以下问题",
    "@p_area2", "{dom}监管", "{sub_unit}管理", "{key_person}监督", "{campaign}",
    "@p_area", "履行主体责任", "推进党风廉政建设", "廉政风险防控", "干部教育管理", "作风建设",
    "@p_std", "上级要求和{serve}期待", "全面从严治党新要求", "高质量发展的要求", "人民群众新期待",
    "@p_title", "{p_topic}{p_flaw}", "{p_topic}{p_flaw}", "{p_topic}{p_flaw}", "责任传导存在层层递减现象",
    "“一岗双责”落实不够到位",
    "@p_topic", "主体责任落实", "理论学习", "制度执行", "作风建设", "廉政风险防控", "监督合力", "以案促改",
    "清廉机关建设", "纪检干部履职", "{dom}监管", "日常监督", "廉洁文化建设", "干部教育管理", "学习教育",
    "{sub_unit}管理", "{power_link}监督", "巡察整改", "财经纪律执行",
    "@p_flaw", "还不够到位", "仍有薄弱环节", "还存在短板", "有待加强", "不够深入", "还需持续用力",
    "成效不够明显", "还有差距", "不够严实", "不够精准", "存在薄弱环节", "仍需加强",
    "@p_a", "{few}{sub_unit}对全面从严治党认识不到位", "{few}班子成员对分管{dept}过问不多、督促不够",
    "对{dom*3}等领域的廉政风险排查{degree}", "{few}党员干部理论学习存在{study_issue}现象",
    "{few}{staff}对{dom}中的廉政风险认识不足", "信息化监管手段在{dom}中运用{degree}",
    "{few}{rule_kind}执行存在“{paper}”现象", "对{dom}等领域新型腐败的发现能力{need}",
    "{few}干部服务{serve}的意识不强", "{few}纪检委员{jj_skill}的能力还需提高", "警示教育的针对性{degree}",
    "廉洁文化建设与{sec}业务融合不够", "主体责任与监督责任在{dom}中贯通协同不够",
    "{few}{key_person}对{fin_issue*3}等问题的危害{degree}", "对{key_person}的监督还存在薄弱环节",
    "{few}{sub_unit}在{holiday}等节点有松劲心态", "{dom}等环节的内部制约机制{degree}",
    "以案促改在{dom}领域的深度还不够", "{campaign}的成效还不够明显", "{few}{sub_unit}执行{docname}不够到位",
    "@p_b", "{few}{dept}重业务、轻党建的倾向依然存在", "“一岗双责”履行{degree}", "风险点查找{degree}", "在{dom}等工作中学用结合还有差距",
    "自我约束的自觉性{degree}", "对{power_link}的动态监管和源头防控{degree}", "跟踪问效{degree}", "{sup_form}的精准性还需加强",
    "存在{form_issue}现象", "“探头”作用发挥{degree}", "{dom}领域制度漏洞仍需进一步扎紧", "{few}活动存在{study_issue}的倾向",
    "对问题的深层次剖析{degree}", "廉洁从政意识{need}", "抓早抓小{degree}", "对{fw_issue}等隐形变异问题{degree}",
    "权力运行的透明度{need}", "整改成效{need}",
    "@study_issue", "以会代学、以读代学", "浅尝辄止、不求甚解", "学用脱节", "重形式轻实效", "碎片化学习",
    "@degree", "还不够到位", "不够充分", "还不够高", "不够精准", "还有差距", "还不够明显", "仍显薄弱", "不够有力",
    "有所欠缺", "还不够扎实", "还有短板", "不够经常",
    "@need", "需要进一步增强", "有待进一步提高", "还需持续加强", "仍需进一步提升", "还要下功夫提升", "亟待增强",
    "还需不断强化", "还有提升空间",

    /* ---- cause analysis */
    "@c_lead", "分析{sys}在{p_area2}等方面问题产生的原因，主要有以下几个方面：", "产生上述问题的原因，既有{dom}等方面的客观因素，更有主观原因：",
    "结合{campaign}深入剖析，问题产生的原因主要有：",
    "@c_head", "思想认识还不够到位", "制度执行还不够严格", "监督合力还不够强", "教育管理还不够经常",
    "责任传导还不够有力", "能力素质还有差距", "工作方法还不够创新", "压力传导还不够到位",
    "@c_body", "{few}{staff}对{dom}中廉政风险的复杂性认识不足", "存在{c_attitude}", "{few}{rule_kind}在{dom}等环节落实不到位",
    "{sup_form*3}之间贯通协同不够紧密", "对{key_person}的日常教育提醒{degree}", "{few}{sub_unit}抓{dom}等工作的办法不多",
    "{few}干部对{dom}等业务中的风险把握{degree}", "对{campaign}的跟踪问效{degree}", "{power_link}环节的监督手段{degree}",
    "@c_attitude", "重业务、轻党建的倾向", "松劲歇脚的思想", "“过关”心态", "“老好人”思想",

    /* ---- plans */
    "@pl_lead",
    "{Y1}年，{short}将以{pl_focus}为主线，{slogan}，重点抓好以下工作：",
    "{Y1}年，{org}将{slogan}，坚持{pl_principle}，{pl_goal}。",
    "下一步，{short}将以{campaign}为抓手，{slogan}，{pl_goal}，重点做好以下工作：",
    "{Y1}年，{short}将以{pl_focus}为主线，重点做好以下工作：一是{pl_point}；二是{pl_point2}；三是{pl_point3}。",
    "我们将{slogan}，聚焦{dom*}等重点工作，{pl_goal}。",
    "{Y1}年，{org}将围绕{pl_focus}，以{campaign}为抓手，{pl_goal}。",
    "@pl_focus", "学习贯彻党的二十大精神", "深化清廉机关建设", "推动全面从严治党向纵深发展",
    "{sec}高质量发展", "压实“两个责任”", "纵深推进党风廉政建设",
    "@pl_principle", "严的基调不动摇", "问题导向和目标导向相统一", "系统施治、标本兼治", "严管和厚爱相结合",
    "@pl_goal", "以全面从严治党新成效为{sec}高质量发展提供坚强保障", "推动{sys}政治生态持续向好",
    "为{all}{sec}事业发展营造风清气正的良好环境", "努力建设忠诚干净担当的高素质{sec}干部队伍",
    "@pl_point", "强化政治监督，{push}决策部署在{sec}领域落地见效", "压实“两个责任”，完善{resp_item}清单",
    "以{campaign}为抓手，推动{dom}等工作提质增效",
    "@pl_point2", "聚焦{dom}等重点领域，健全廉政风险防控机制", "深化警示教育和廉洁文化建设，擦亮“清风{sec}”品牌",
    "规范{power_link*}等环节权力运行",
    "@pl_point3", "持之以恒纠治{fw_issue}等问题，巩固作风建设成效", "加强{sub_unit}干部队伍建设，{vstr}日常管理监督",
    "健全{mech}，推动{sup_form*3}贯通协同",
    "@pl_title", "{pl_verb}{pl_obj}", "{pl_verb}{pl_obj}", "{pl_verb}{pl_obj}", "建设过硬队伍", "持续正风肃纪",
    "@pl_verb", "强化", "加强", "深化", "压实", "推进", "健全", "严肃", "持续抓好", "着力提升", "扎实推进",
    "@pl_obj", "政治引领", "学习教育", "管党治党责任", "以案促改", "责任落实", "廉政风险防控", "清廉机关建设",
    "执纪问责", "廉洁文化建设", "日常监督", "制度机制建设", "作风建设", "{dom}监管", "{sub_unit}管理",
    "纪检队伍建设", "政治监督",
    "@pl_a", "{vstr}政治监督", "围绕{dom*}等重点任务开展监督检查", "完善主体责任清单",
    "{vstr}对“一把手”和领导班子的监督", "聚焦{dom*}等重点领域开展专项整治", "用好{sys}典型案例开展警示教育",
    "在{sub_unit}{adv}落实中央八项规定精神", "紧盯{holiday*}等重要节点", "常态化开展纪律教育", "持续擦亮“清风{sec}”品牌",
    "{vstr}对{key_person*}的日常管理监督", "{vstr}纪检干部队伍建设", "健全{mech}", "深入学习{reg}",
    "{adv}推进清廉机关建设", "规范{power_link*}等环节管理", "推行{svc*3}", "精准运用“四种形态”",
    "以{campaign}为抓手深化作风建设", "修订完善{docname}",
    "@pl_b", "确保决策部署在{sec}领域不折不扣落实", "推动主体责任和监督责任在{dom}中同向发力", "健全廉政风险防控{mech}",
    "在{sys}{case_end}", "坚决纠治{fw_issue*}等问题", "{sys}{culture_end}", "激励干部担当作为", "提升纪检委员{jj_skill}的能力",
    "推动{sup_form*3}贯通协同", "推动学习教育{study_end}", "在{sub_unit}打造清廉示范点{n}个以上", "严防{fin_issue*3}等问题",
    "持续优化{serve}办事体验", "对{n}名{staff}{revisit}", "为{sec}高质量发展提供坚强保障",
    NULL,
};
// clang-format on

/* --------------------------------------------------------------- sectors */

/* A government department: its name, the words its summaries use for its field, and the
 * business domains where its廉政风险 lie (the {dom} slot). */
struct sector {
    const char *org, *sec, *sys, *staff, *serve;
    const char *doms[8];
};

static const struct sector SECTORS[] = {
    {"财政局",
     "财政",
     "财政系统",
     "财政干部",
     "预算单位和企业",
     {"预算编制", "政府采购监管", "财政投资评审", "国库集中支付", "国有资产处置",
      "惠民惠农补贴资金发放", "债务资金管理", NULL}},
    {"教育局",
     "教育",
     "教育系统",
     "教职工",
     "师生和家长",
     {"招生入学", "校园食品安全", "教辅材料征订", "校外培训治理", "学校基建项目", "教师招聘",
      "学生资助", NULL}},
    {"交通运输局",
     "交通运输",
     "交通运输系统",
     "执法人员",
     "群众和企业",
     {"工程建设招投标", "交通运输执法", "道路运输许可", "农村公路建设", "工程变更计量",
      "驾培维修管理", "客运场站管理", NULL}},
    {"卫生健康委员会",
     "卫生健康",
     "卫生健康系统",
     "医务人员",
     "患者和群众",
     {"药品耗材采购", "大型医用设备购置", "医院基建项目", "医保基金使用", "医德医风",
      "公共卫生服务", "疫苗管理", NULL}},
    {"自然资源和规划局",
     "自然资源",
     "自然资源系统",
     "干部职工",
     "企业和群众",
     {"土地出让", "规划审批", "不动产登记", "耕地保护", "矿产资源管理", "测绘项目", "土地整治项目",
      NULL}},
    {"住房和城乡建设局",
     "住房城乡建设",
     "住建系统",
     "干部职工",
     "企业和群众",
     {"建筑市场监管", "工程质量安全", "物业管理", "保障性住房分配", "老旧小区改造", "城建资金",
      "施工许可", NULL}},
    {"农业农村局",
     "农业农村",
     "农业农村系统",
     "农技人员",
     "农民群众",
     {"惠农补贴发放", "高标准农田建设", "农村集体“三资”管理", "农资市场监管", "涉农项目资金",
      "动物防疫", "农机购置补贴", NULL}},
    {"水利局",
     "水利",
     "水利系统",
     "干部职工",
     "沿河群众",
     {"水利工程建设", "河道采砂管理", "水资源费征收", "防汛物资采购", "农村饮水工程",
      "河湖“清四乱”", "水土保持审批", NULL}},
    {"民政局",
     "民政",
     "民政系统",
     "民政干部",
     "困难群众",
     {"低保审核审批", "特困人员供养", "养老服务补贴", "殡葬领域管理", "社会组织登记",
      "婚姻登记服务", "儿童福利", NULL}},
    {"人力资源和社会保障局",
     "人社",
     "人社系统",
     "窗口工作人员",
     "参保群众",
     {"社保基金管理", "就业补助资金", "职业技能培训补贴", "劳动保障监察", "人事考试", "职称评审",
      "工伤认定", NULL}},
    {"生态环境局",
     "生态环境",
     "生态环境系统",
     "执法人员",
     "企业和群众",
     {"环境影响评价审批", "环境执法检查", "排污许可", "环境监测数据", "环保专项资金", "信访件办理",
      "危险废物监管", NULL}},
    {"市场监督管理局",
     "市场监管",
     "市场监管系统",
     "执法人员",
     "经营主体",
     {"行政许可审批", "食品药品安全监管", "特种设备检查", "行政处罚案件办理", "价格监督检查",
      "广告监管", "计量检定", NULL}},
    {"应急管理局",
     "应急管理",
     "应急管理系统",
     "执法人员",
     "企业和群众",
     {"安全生产执法", "危险化学品审批", "应急物资储备", "灾害救助资金", "安全评价中介监管",
      "事故调查", "消防救援保障", NULL}},
    {"审计局",
     "审计",
     "审计系统",
     "审计人员",
     "被审计单位",
     {"审计项目实施", "审计结果运用", "政府投资审计", "中介机构聘用", "审计整改督促",
      "经济责任审计", "审计质量控制", NULL}},
    {"文化广电旅游局",
     "文化旅游",
     "文旅系统",
     "干部职工",
     "游客和群众",
     {"文旅项目资金", "文化市场执法", "旅游市场监管", "文物保护工程", "公共文化服务采购",
      "演出活动审批", "景区管理", NULL}},
    {"商务局",
     "商务",
     "商务系统",
     "干部职工",
     "企业",
     {"招商引资", "外贸资金扶持", "商贸流通项目", "成品油市场监管", "商务执法", "展会经费",
      "消费券发放", NULL}},
    {"发展和改革委员会",
     "发展改革",
     "发改系统",
     "干部职工",
     "项目单位",
     {"项目审批核准", "政府投资项目", "价格管理", "粮食储备", "专项资金申报", "招投标监管",
      "能耗指标管理", NULL}},
    {"科学技术局",
     "科技",
     "科技系统",
     "干部职工",
     "科研单位和企业",
     {"科技项目立项", "科研经费管理", "高新技术企业认定", "科技奖励评审", "科技专项资金",
      "创新平台建设", "科技特派员选派", NULL}},
    {"司法局",
     "司法行政",
     "司法行政系统",
     "司法行政干警",
     "群众",
     {"法律援助", "社区矫正", "公证管理", "律师执业监管", "人民调解", "行政复议", "法治宣传",
      NULL}},
    {"退役军人事务局",
     "退役军人事务",
     "退役军人事务系统",
     "干部职工",
     "退役军人",
     {"优抚资金发放", "退役军人安置", "褒扬纪念设施", "就业创业扶持", "困难帮扶援助", "服务站建设",
      "军休服务", NULL}},
    {"医疗保障局",
     "医疗保障",
     "医保系统",
     "经办人员",
     "参保群众",
     {"医保基金监管", "定点医药机构管理", "药品集中带量采购", "医疗服务价格", "异地就医结算",
      "医疗救助", "医保待遇审核", NULL}},
    {"林业局",
     "林业",
     "林业系统",
     "护林人员",
     "林农",
     {"林木采伐许可", "生态公益林补偿", "森林防火", "国土绿化工程", "野生动物保护执法",
      "林地征占用审批", "苗木采购", NULL}},
    {"统计局",
     "统计",
     "统计系统",
     "统计人员",
     "调查对象",
     {"统计数据质量", "统计执法检查", "统计调查项目", "普查经费管理", "统计造假问题整治",
      "调查员选聘", "数据发布", NULL}},
    {"城市管理局",
     "城市管理",
     "城管系统",
     "执法队员",
     "市民群众",
     {"城管执法", "市政设施维护", "环卫作业采购", "户外广告审批", "违法建设治理", "园林绿化工程",
      "停车收费管理", NULL}},
    {"机关事务管理局",
     "机关事务",
     "机关事务系统",
     "干部职工",
     "机关单位",
     {"公务用车管理", "办公用房管理", "公共机构节能", "机关食堂采购", "资产配置处置", "公务接待",
      "物业服务采购", NULL}},
    {"工业和信息化局",
     "工业信息化",
     "工信系统",
     "干部职工",
     "企业",
     {"工业专项资金", "技术改造项目", "企业帮扶", "信息化项目建设", "中小企业扶持", "节能监察",
      "产业园区建设", NULL}},
    {"乡村振兴局",
     "乡村振兴",
     "乡村振兴系统",
     "驻村干部",
     "脱贫群众",
     {"衔接资金使用", "帮扶项目建设", "防止返贫监测", "产业帮扶", "小额信贷", "以工代赈",
      "消费帮扶", NULL}},
    {"体育局",
     "体育",
     "体育系统",
     "干部职工",
     "群众",
     {"体育场馆运营", "赛事活动经费", "体育彩票公益金", "全民健身设施采购", "运动员选拔",
      "体育培训机构监管", "青少年体育", NULL}},
    {"公共资源交易中心",
     "公共资源交易",
     "公共资源交易系统",
     "干部职工",
     "市场主体",
     {"交易平台运行", "评标专家管理", "进场交易项目", "保证金管理", "交易见证", "电子交易系统建设",
      "场地服务", NULL}},
    {"住房公积金管理中心",
     "住房公积金",
     "公积金系统",
     "经办人员",
     "缴存职工",
     {"公积金提取审核", "贷款审批", "资金存储", "归集管理", "缴存稽查", "逾期贷款清收",
      "信息系统建设", NULL}},
};
#define NSECTORS ((int)(sizeof SECTORS / sizeof SECTORS[0]))

/* What a template from a superior office says instead of one sector's words. */
static const struct sector GENERIC_SECTOR = {
    "单位",
    "本行业",
    "本系统",
    "干部职工",
    "群众",
    {"项目审批", "资金管理", "物资采购", "工程建设", "行政执法", "选人用人", "窗口服务", NULL}};

static const char *const PLACE1[] = {"清", "临", "安", "东", "西", "南", "北", "云", "江", "平",
                                     "长", "永", "宁", "新", "兴", "丰", "泰", "石", "白", "青",
                                     "金", "桐", "龙", "凤", "柳", "桂", "松", "梅", "华", "阳"};
static const char *const PLACE2[] = {"川", "河", "山", "溪", "源", "城", "宁", "安",
                                     "丰", "水", "林", "台", "桥", "浦", "州", "泉",
                                     "湖", "岭", "原", "塘", "口", "谷", "陵", "门"};
#define NPLACE1 ((int)(sizeof PLACE1 / sizeof PLACE1[0]))
#define NPLACE2 ((int)(sizeof PLACE2 / sizeof PLACE2[0]))
static const char *const LEVELS[] = {"市", "县", "区"};
static const char *const LEVEL_CHAIN[] = {"省、市", "省、市、县", "省、市、区"};

/* A unit (a department's party group or committee). The gold file names documents, the
 * manifest names units: name is what the title line and manifest say. */
struct unit {
    char name[96];   /* 青川县财政局党组 */
    char org[80];    /* 青川县财政局 */
    char shortn[24]; /* 局党组 */
    char signoff[100];
    const struct sector *sector;
    int level;   /* index into LEVELS */
    int carries; /* carries last year's text forward */
};

/* ------------------------------------------------------------- year words */

static const char *year_meeting(int y)
{
    static const char *const m[] = {
        "十八届中央纪委二次全会", "十八届中央纪委三次全会", "十八届中央纪委五次全会",
        "十八届中央纪委六次全会", "十八届中央纪委七次全会", "十九届中央纪委二次全会",
        "十九届中央纪委三次全会", "十九届中央纪委四次全会", "十九届中央纪委五次全会",
        "十九届中央纪委六次全会", "二十届中央纪委二次全会", "二十届中央纪委三次全会",
        "二十届中央纪委四次全会", "二十届中央纪委五次全会"};
    if (y >= 2013 && y <= 2026) return m[y - 2013];
    return "中央纪委全会";
}

static const char *year_theme(int y)
{
    switch (y) {
    case 2019:
        return "“不忘初心、牢记使命”主题教育";
    case 2020:
        return "统筹疫情防控和经济社会发展";
    case 2021:
        return "党史学习教育";
    case 2022:
        return "迎接和学习贯彻党的二十大";
    case 2023:
        return "学习贯彻习近平新时代中国特色社会主义思想主题教育";
    case 2024:
        return "党纪学习教育";
    case 2025:
        return "深入贯彻中央八项规定精神学习教育";
    default:
        return "学习贯彻习近平新时代中国特色社会主义思想";
    }
}

static const char *year_edu(int y)
{
    switch (y) {
    case 2019:
        return "“不忘初心、牢记使命”主题教育";
    case 2020:
        return "“四史”学习教育";
    case 2021:
        return "党史学习教育";
    case 2022:
        return "党的二十大精神学习宣传";
    case 2023:
        return "主题教育";
    case 2024:
        return "党纪学习教育";
    case 2025:
        return "中央八项规定精神学习教育";
    default:
        return "党的创新理论学习教育";
    }
}

static const char *year_study(int y)
{
    switch (y) {
    case 2019:
        return "学习贯彻党的十九届四中全会精神";
    case 2020:
        return "学习贯彻党的十九届五中全会精神";
    case 2021:
        return "学习贯彻习近平总书记“七一”重要讲话精神";
    case 2022:
        return "学习宣传贯彻党的二十大精神";
    case 2024:
        return "学习贯彻党的二十届三中全会精神";
    default:
        return "学习贯彻习近平新时代中国特色社会主义思想";
    }
}

static const char *year_task(int y)
{
    if (y >= 2020 && y <= 2021) return "统筹疫情防控和经济社会发展";
    if (y == 2022) return "迎接党的二十大胜利召开";
    return "推动高质量发展";
}

static const char *year_fact(int y)
{
    switch (y) {
    case 2019:
        return "新中国成立70周年";
    case 2020:
        return "全面建成小康社会和“十三五”规划收官之年";
    case 2021:
        return "中国共产党成立100周年，也是“十四五”规划开局之年";
    case 2022:
        return "党的二十大召开之年，也是实施“十四五”规划承上启下的关键一年";
    case 2023:
        return "全面贯彻党的二十大精神的开局之年";
    case 2024:
        return "中华人民共和国成立75周年，也是实现“十四五”规划目标任务的关键一年";
    case 2025:
        return "“十四五”规划收官之年";
    default:
        return "全面从严治党持续深化的一年";
    }
}

/* The congress line of a preamble: a verb and the year's documents (6 x 2 variants). */
static void year_congress(struct sbuf *out, int y, struct rng *r)
{
    static const char *const verb[] = {"全面贯彻",     "深入贯彻",     "认真贯彻",
                                       "深入学习贯彻", "坚决贯彻落实", "全面学习贯彻"};
    static const char *const before[] = {"党的十九大和十九届历次全会精神", "党的十九大精神"};
    static const char *const mid[] = {"党的二十大精神", "党的十九大、二十大精神"};
    static const char *const after[] = {"党的二十大精神", "党的二十大和二十届历次全会精神"};
    sb_adds(out, verb[rng_below(r, 6)]);
    sb_adds(out, (y <= 2021 ? before : y == 2022 ? mid : after)[rng_below(r, 2)]);
}

/* ------------------------------------------------------------- the engine */

enum builtin {
    B_Y,
    B_Y1,
    B_Y0,
    B_N,
    B_NN,
    B_NNN,
    B_PCT,
    B_PCTLOW,
    B_PCT2,
    B_DEC,
    B_UNIT,
    B_ORG,
    B_SHORT,
    B_LVL,
    B_ALL,
    B_LVLCHAIN,
    B_SEC,
    B_SYS,
    B_DOM,
    B_STAFF,
    B_SERVE,
    B_YMEET,
    B_YTHEME,
    B_YEDU,
    B_YCONG,
    B_YFACT,
    B_YSTUDY,
    B_YTASK,
    B_CW2,
    B_PLACE,
    B_COUNT
};
static const char *const BUILTINS[B_COUNT] = {
    "Y",     "Y1",    "Y0",     "n",    "nn",    "nnn",      "pct",    "pctlow", "pct2", "dec",
    "unit",  "org",   "short",  "lvl",  "all",   "lvlchain", "sec",    "sys",    "dom",  "staff",
    "serve", "ymeet", "ytheme", "yedu", "ycong", "yfact",    "ystudy", "ytask",  "cw2",  "place"};

/* One piece of an entry: literal text, or a slot (pool >= 0, or builtin when pool < 0). */
struct tok {
    const char *s;
    uint32_t len;
    int16_t pool, builtin;
    uint8_t list; /* 0: one pick; else the most entries of a 、 list */
};

struct entry {
    uint32_t first, n;
};

struct pool {
    const char *name;
    uint32_t first, n; /* entries */
};

static struct tok *g_toks;
static size_t g_ntok, g_captok;
static struct entry *g_entries;
static size_t g_nentry;
static struct pool *g_pools;
static size_t g_npool;

static int pool_find(const char *name, size_t len)
{
    for (size_t i = 0; i < g_npool; i++)
        if (strlen(g_pools[i].name) == len && !memcmp(g_pools[i].name, name, len)) return (int)i;
    return -1;
}

static int pool_id(const char *name)
{
    int id = pool_find(name, strlen(name));
    if (id < 0) die("internal: no grammar pool @%s", name);
    return id;
}

static void tok_push(struct tok t)
{
    if (g_ntok == g_captok) {
        g_captok = g_captok ? 2 * g_captok : 1024;
        g_toks = xrealloc(g_toks, g_captok * sizeof *g_toks);
    }
    g_toks[g_ntok++] = t;
}

/* Splits one entry into tokens; every slot name must be a pool or a builtin. */
static void parse_entry(const char *s)
{
    struct entry e = {(uint32_t)g_ntok, 0};
    const char *p = s;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            tok_push((struct tok){p, (uint32_t)strlen(p), -1, -1, 0});
            break;
        }
        if (open > p) tok_push((struct tok){p, (uint32_t)(open - p), -1, -1, 0});
        const char *close = strchr(open, '}');
        if (!close) die("internal: unclosed slot in grammar entry \"%s\"", s);
        const char *name = open + 1, *star = memchr(name, '*', (size_t)(close - name));
        size_t nlen = (size_t)((star ? star : close) - name);
        struct tok t = {NULL, 0, -1, -1, 0};
        if (star) t.list = star + 1 < close ? (uint8_t)atoi(star + 1) : 4;
        t.pool = (int16_t)pool_find(name, nlen);
        if (t.pool < 0)
            for (int b = 0; b < B_COUNT; b++)
                if (strlen(BUILTINS[b]) == nlen && !memcmp(BUILTINS[b], name, nlen))
                    t.builtin = (int16_t)b;
        if (t.pool < 0 && t.builtin < 0)
            die("internal: unknown slot {%.*s} in \"%s\"", (int)nlen, name, s);
        tok_push(t);
        p = close + 1;
    }
    e.n = (uint32_t)g_ntok - e.first;
    g_entries = xrealloc(g_entries, (g_nentry + 1) * sizeof *g_entries);
    g_entries[g_nentry++] = e;
}

/* Reads GRAMMAR: first the pool names (so entries may refer forward), then the entries. */
static void grammar_init(void)
{
    for (const char *const *l = GRAMMAR; *l; l++)
        if (**l == '@') {
            g_pools = xrealloc(g_pools, (g_npool + 1) * sizeof *g_pools);
            g_pools[g_npool++] = (struct pool){*l + 1, 0, 0};
        }
    int cur = -1;
    for (const char *const *l = GRAMMAR; *l; l++) {
        if (**l == '@') {
            cur++;
            g_pools[cur].first = (uint32_t)g_nentry;
            continue;
        }
        if (cur < 0) die("internal: grammar entry before the first pool");
        parse_entry(*l);
        g_pools[cur].n++;
    }
    for (size_t i = 0; i < g_npool; i++)
        if (!g_pools[i].n) die("internal: empty grammar pool @%s", g_pools[i].name);
}

/* What slots are filled with: the unit, its sector, the year, the random stream. */
struct ctx {
    struct rng *r;
    const struct unit *u;
    const struct sector *sec;
    int year, depth;
    uint8_t *seen; /* sentence and title entries this summary has used (NULL: no check) */
};

static void expand_entry(struct sbuf *out, uint32_t entry, struct ctx *c);
static int P_CW;

/* A count in Chinese numerals (1..99): 三, 十二, 二十三; 2 is sometimes 两. */
static void add_cn_count(struct sbuf *out, int n, struct rng *r)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n == 2 && rng_below(r, 2)) {
        sb_adds(out, "两");
        return;
    }
    if (n >= 20) sb_adds(out, d[n / 10]);
    if (n >= 10) sb_adds(out, "十");
    sb_adds(out, d[n % 10]);
}

static void add_decimal(struct sbuf *out, int tenths)
{
    sb_addint(out, tenths / 10);
    sb_add(out, ".", 1);
    sb_addint(out, tenths % 10);
}

static int ndoms(const struct sector *s)
{
    int n = 0;
    while (n < 8 && s->doms[n])
        n++;
    return n;
}

/* Picks k distinct indices below n into idx (k <= n <= 64). */
static void pick_distinct(struct rng *r, int n, int k, int *idx)
{
    int all[64];
    if (k > n || n > 64) die("internal: pick_distinct(%d of %d)", k, n);
    for (int i = 0; i < n; i++)
        all[i] = i;
    for (int i = 0; i < k; i++) {
        int j = i + (int)rng_below(r, (uint32_t)(n - i));
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
        idx[i] = all[i];
    }
}

static void expand_builtin(struct sbuf *out, int b, struct ctx *c)
{
    const struct unit *u = c->u;
    const struct sector *s = c->sec;
    switch (b) {
    case B_Y:
        sb_addint(out, c->year);
        break;
    case B_Y1:
        sb_addint(out, c->year + 1);
        break;
    case B_Y0:
        sb_addint(out, c->year - 1);
        break;
    case B_N: { /* counts as official prose writes them: 12 or 十二 */
        int n = rng_range(c->r, 2, 30);
        if (rng_chance(c->r, 0.35))
            add_cn_count(out, n, c->r);
        else
            sb_addint(out, n);
        break;
    }
    case B_NN: {
        int n = rng_range(c->r, 10, 120);
        if (n < 100 && rng_chance(c->r, 0.15))
            add_cn_count(out, n, c->r);
        else
            sb_addint(out, n);
        break;
    }
    case B_NNN:
        sb_addint(out, rng_range(c->r, 100, 2000));
        break;
    case B_PCT:
        add_decimal(out, rng_range(c->r, 900, 999));
        break;
    case B_PCTLOW:
        add_decimal(out, rng_range(c->r, 30, 250));
        break;
    case B_PCT2:
        sb_addint(out, rng_range(c->r, 5, 30));
        break;
    case B_DEC:
        add_decimal(out, rng_range(c->r, 5, 300));
        break;
    case B_UNIT:
        sb_adds(out, u->name);
        break;
    case B_ORG:
        sb_adds(out, u->org);
        break;
    case B_SHORT:
        sb_adds(out, u->shortn);
        break;
    case B_LVL:
        sb_adds(out, LEVELS[u->level]);
        break;
    case B_ALL:
        sb_adds(out, "全"), sb_adds(out, LEVELS[u->level]);
        break;
    case B_LVLCHAIN:
        sb_adds(out, LEVEL_CHAIN[u->level]);
        break;
    case B_SEC:
        sb_adds(out, s->sec);
        break;
    case B_SYS:
        sb_adds(out, s->sys);
        break;
    case B_DOM:
        sb_adds(out, s->doms[rng_below(c->r, (uint32_t)ndoms(s))]);
        break;
    case B_STAFF:
        sb_adds(out, s->staff);
        break;
    case B_SERVE:
        sb_adds(out, s->serve);
        break;
    case B_YMEET:
        sb_adds(out, year_meeting(c->year));
        break;
    case B_YTHEME:
        sb_adds(out, year_theme(c->year));
        break;
    case B_YEDU:
        sb_adds(out, year_edu(c->year));
        break;
    case B_YCONG:
        year_congress(out, c->year, c->r);
        break;
    case B_YFACT:
        sb_adds(out, year_fact(c->year));
        break;
    case B_YSTUDY:
        sb_adds(out, year_study(c->year));
        break;
    case B_YTASK:
        sb_adds(out, year_task(c->year));
        break;
    case B_CW2: { /* two different campaign words: 清风护航 */
        int idx[2];
        pick_distinct(c->r, (int)g_pools[P_CW].n, 2, idx);
        for (int i = 0; i < 2; i++)
            expand_entry(out, g_pools[P_CW].first + (uint32_t)idx[i], c);
        break;
    }
    case B_PLACE: { /* a town, township or street: 清川镇 */
        static const char *const kind[] = {"镇", "乡", "街道", "社区", "园区"};
        sb_adds(out, PLACE1[rng_below(c->r, NPLACE1)]);
        sb_adds(out, PLACE2[rng_below(c->r, NPLACE2)]);
        sb_adds(out, kind[rng_below(c->r, 5)]);
        break;
    }
    default:
        die("internal: builtin %d", b);
    }
}

/* A 、 list of 2..max distinct picks from a pool (or from the sector's domains). */
static void expand_list(struct sbuf *out, const struct tok *t, struct ctx *c)
{
    int n = t->pool >= 0 ? (int)g_pools[t->pool].n : ndoms(c->sec);
    int max = t->list < n ? t->list : n, k = max >= 2 ? rng_range(c->r, 2, max) : 1, idx[64];
    pick_distinct(c->r, n, k, idx);
    for (int i = 0; i < k; i++) {
        if (i) sb_adds(out, "、");
        if (t->pool >= 0)
            expand_entry(out, g_pools[t->pool].first + (uint32_t)idx[i], c);
        else
            sb_adds(out, c->sec->doms[idx[i]]);
    }
}

static void expand_pool(struct sbuf *out, int pool, struct ctx *c)
{
    expand_entry(out, g_pools[pool].first + rng_below(c->r, g_pools[pool].n), c);
}

static void expand_entry(struct sbuf *out, uint32_t entry, struct ctx *c)
{
    if (++c->depth > 8) die("internal: grammar recursion too deep");
    const struct entry *e = &g_entries[entry];
    for (uint32_t i = 0; i < e->n; i++) {
        const struct tok *t = &g_toks[e->first + i];
        if (t->s)
            sb_add(out, t->s, t->len);
        else if (t->list)
            expand_list(out, t, c);
        else if (t->pool >= 0)
            expand_pool(out, t->pool, c);
        else
            expand_builtin(out, t->builtin, c);
    }
    c->depth--;
}

/* Picks an entry of pool that the summary has not used yet (any, once all are used) and
 * marks it used. */
static uint32_t pick_entry(struct ctx *c, int pool)
{
    const struct pool *p = &g_pools[pool];
    if (!c->seen) return p->first + rng_below(c->r, p->n);
    uint32_t fresh = 0, e;
    for (uint32_t i = 0; i < p->n; i++)
        fresh += !c->seen[p->first + i];
    if (!fresh) {
        e = p->first + rng_below(c->r, p->n);
    } else {
        uint32_t k = rng_below(c->r, fresh);
        e = p->first;
        while (c->seen[e] || k--)
            e++; /* the k-th unused entry */
    }
    c->seen[e] = 1;
    return e;
}

/* ------------------------------------------------------------ documents */

enum line_kind { L_TITLE, L_BLANK, L_H1, L_H2, L_PARA, L_SIGN };
enum section { S_HEAD, S_PRE, S_WORK, S_PROB, S_CAUSE, S_PLAN, S_END };
enum item_style { ST_NONE, ST_PAREN, ST_DOT }; /* no marker, （一）, 1. */
enum line_flag { F_FIXED = 1, F_DEAD = 2 };

/* Work topics (t_X/s_X pools) and the six groups a work subsection draws them from. */
static const char *const TOPICS[] = {"study", "polsup",  "resp",     "topsup", "inspect", "risk",
                                     "fin",   "masses",  "sysbuild", "eight",  "formal",  "discip",
                                     "warn",  "culture", "clean",    "cadre",  "jjteam",  "secret"};
#define NTOPICS ((int)(sizeof TOPICS / sizeof TOPICS[0]))
static const int GROUP_TOPICS[6][5] = {{0, 1, -1},      {2, 3, 4, -1},    {5, 6, 7, 8, -1},
                                       {9, 10, 11, -1}, {12, 13, 14, -1}, {15, 16, 17, -1}};
/* Paragraph kinds outside the work topics. */
enum { TP_PROB = NTOPICS, TP_PLAN, TP_CAUSE, TP_PRE, TP_PLEAD, TP_PROBLEAD };

static int g_title_pool[NTOPICS], g_a_pool[NTOPICS], g_b_pool[NTOPICS], g_h2a[6], g_h2b[6];
static int P_PRE, P_H1[S_END], P_PTITLE, P_PA, P_PB, P_PLTITLE, P_PLA, P_PLB, P_CLEAD, P_CHEAD,
    P_CBODY, P_PLEAD, P_PLEAD0;
static int P_LEAD;

/* One line of a summary. A paragraph's text excludes its heading marker, which assembly
 * adds from its style and position; cp_start is where the text begins in the file. */
struct line {
    struct sbuf text;
    uint32_t cplen, cp_start;
    uint8_t kind, sect, style, flags;
    int8_t topic, sub;
    uint8_t nused;
    uint16_t used[6]; /* sentence entries used, so a rewrite can avoid them */
};

/* A summary while it is being made and while later ones may copy from it. Lines never move
 * (gold rows point at them by index); order says in which order they are printed. */
struct doc {
    int unit, year;
    char path[40];
    struct line *lines;
    size_t nline, capline;
    uint32_t *order;
    size_t norder, caporder;
    uint8_t topic_uses[NTOPICS];
};

static struct line *doc_line(struct doc *d, uint32_t i)
{
    return &d->lines[i];
}

static uint32_t line_new(struct doc *d, int kind, int sect)
{
    if (d->nline == d->capline) {
        d->capline = d->capline ? 2 * d->capline : 64;
        d->lines = xrealloc(d->lines, d->capline * sizeof *d->lines);
    }
    struct line *l = &d->lines[d->nline];
    memset(l, 0, sizeof *l);
    l->kind = (uint8_t)kind;
    l->sect = (uint8_t)sect;
    l->topic = -1;
    l->sub = -1;
    return (uint32_t)d->nline++;
}

/* Puts line idx at position pos of the printing order. */
static void order_insert(struct doc *d, size_t pos, uint32_t idx)
{
    if (d->norder == d->caporder) {
        d->caporder = d->caporder ? 2 * d->caporder : 64;
        d->order = xrealloc(d->order, d->caporder * sizeof *d->order);
    }
    memmove(d->order + pos + 1, d->order + pos, (d->norder - pos) * sizeof *d->order);
    d->order[pos] = idx;
    d->norder++;
}

static uint32_t line_append(struct doc *d, int kind, int sect)
{
    uint32_t i = line_new(d, kind, sect);
    order_insert(d, d->norder, i);
    return i;
}

static void line_set(struct line *l, const char *s, size_t n)
{
    sb_set(&l->text, s, n);
    l->cplen = (uint32_t)cp_count(s, n);
}

static void doc_free(struct doc *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->nline; i++)
        sb_release(&d->lines[i].text);
    free(d->lines);
    free(d->order);
    free(d);
}

/* Printed length in code points (markers counted approximately: 2-3 each). */
static size_t doc_cplen(const struct doc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->norder; i++) {
        const struct line *l = &d->lines[d->order[i]];
        if (l->flags & F_DEAD) continue;
        n += l->cplen + 1 + (l->kind == L_H1 ? 2 : l->kind == L_H2 ? 3 : l->style ? 2 : 0);
    }
    return n;
}

/* ------------------------------------------------------------ carrier */

static struct sbuf g_tmp;

static int P_OPENER, P_EFFECT, P_POPENER;

/* The kinds of sentences: work items, problems, plans. */
enum { SK_WORK, SK_PROB, SK_PLAN };

static int P_CONN_A;

/* A clause of pool, one the summary has not used if it can (recorded in the line); an
 * action clause after the first sometimes opens with a connector (并, 同时, 还 ...). */
static void clause(struct sbuf *out, int pool, struct ctx *c, struct line *l)
{
    int is_a = pool == P_PLA;
    for (int t = 0; t < NTOPICS && !is_a; t++)
        is_a = pool == g_a_pool[t];
    if (is_a && out->len && rng_chance(c->r, 0.3)) expand_pool(out, P_CONN_A, c);
    uint32_t e = pick_entry(c, pool);
    if (l && l->nused < 6) l->used[l->nused++] = (uint16_t)e;
    expand_entry(out, e, c);
}

/* --slogans: new phrases planted for `zongjie discover` to find.  A work or plan sentence
 * of a summary written in or after a slogan's first year ends, at rate g_slogan_rate, with a
 * clause naming one of the slogans that year allows, in one of several frames so the slogan
 * has varied neighbours, as a real new 提法 does.  No random number is drawn without
 * --slogans, so the other outputs stay byte for byte the same. */
#define MAX_SLOGANS 32
static struct {
    char text[128];
    int first_year;
} g_slogans[MAX_SLOGANS];
static int g_nslogans;
static double g_slogan_rate = 0.06;

static void add_slogan_clause(struct sbuf *out, struct ctx *c)
{
    /* what goes before and after a slogan, drawn independently, as a new 提法 is used */
    static const char *const before[] = {
        "深入推进", "扎实开展", "持续深化", "全面落实", "大力实施", "积极推进", "统筹推进",
        "认真组织", "着力抓好", "启动",     "部署开展", "以",       "把",       "围绕",
        "结合",     "依托",     "聚焦",     "推广",     "",         "",
    };
    static const char *const after[] = {
        "",         "",           "为抓手",     "落到实处",   "走深走实", "取得阶段性成效",
        "见行见效", "各项任务",   "工作机制",   "的要求",     "向纵深发展", "常态长效",
        "为载体",   "有关部署",   "试点工作",   "专项督查",
    };
    int ok[MAX_SLOGANS], n = 0;
    for (int i = 0; i < g_nslogans; i++)
        if (g_slogans[i].first_year <= c->year) ok[n++] = i;
    if (!n || !rng_chance(c->r, g_slogan_rate)) return;
    sb_adds(out, "，");
    sb_adds(out, before[rng_below(c->r, sizeof before / sizeof before[0])]);
    sb_adds(out, g_slogans[ok[rng_below(c->r, (uint32_t)n)]].text);
    sb_adds(out, after[rng_below(c->r, sizeof after / sizeof after[0])]);
}

static void load_slogans(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen_corpus: --slogans: cannot open %s\n", path);
        exit(2);
    }
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab) continue;
        if (g_nslogans == MAX_SLOGANS || tab - line >= 127) {
            fprintf(stderr, "gen_corpus: --slogans: at most %d slogans of 40 characters\n", MAX_SLOGANS);
            exit(2);
        }
        memcpy(g_slogans[g_nslogans].text, line, (size_t)(tab - line));
        g_slogans[g_nslogans].text[tab - line] = 0;
        g_slogans[g_nslogans++].first_year = atoi(tab + 1);
    }
    fclose(f);
}

/* One sentence composed of clauses -- action (A), detail (B), a lead (L) or an opener, an
 * effect (E) -- in the patterns of the genre: A，B。 A，B，E。 L，A，B。 A，A，B。 L，A，E。
 * A，B，B。 Problems: A，B。 (A，B，B。) Plans: A，B。 A，A，B。 L，A，B。 */
static void sentence(struct sbuf *out, int kind, int topic, struct ctx *c, struct line *l)
{
    int ap = kind == SK_WORK ? g_a_pool[topic] : kind == SK_PROB ? P_PA : P_PLA;
    int bp = kind == SK_WORK ? g_b_pool[topic] : kind == SK_PROB ? P_PB : P_PLB;
    uint32_t f = rng_below(c->r, 100);
    if (kind == SK_PROB) {
        if (rng_chance(c->r, 0.2)) expand_pool(out, P_POPENER, c);
        clause(out, ap, c, l), sb_adds(out, "，"), clause(out, bp, c, l);
        if (f < 25) sb_adds(out, "，"), clause(out, bp, c, l);
    } else if (kind == SK_PLAN) {
        if (f < 20) expand_pool(out, P_LEAD, c), sb_adds(out, "，");
        clause(out, ap, c, l), sb_adds(out, "，");
        if (f >= 20 && f < 50) clause(out, ap, c, l), sb_adds(out, "，");
        clause(out, bp, c, l);
    } else {
        if (f >= 45 && f < 65)
            expand_pool(out, P_LEAD, c), sb_adds(out, "，");
        else if (f >= 80 && f < 90)
            expand_pool(out, P_LEAD, c), sb_adds(out, "，");
        else if (rng_chance(c->r, 0.15))
            expand_pool(out, P_OPENER, c);
        clause(out, ap, c, l), sb_adds(out, "，");
        if (f >= 65 && f < 80) clause(out, ap, c, l), sb_adds(out, "，");
        if (f >= 80 && f < 90) {
            expand_pool(out, P_EFFECT, c);
        } else {
            clause(out, bp, c, l);
            if (f >= 25 && f < 45) sb_adds(out, "，"), expand_pool(out, P_EFFECT, c);
            if (f >= 90) sb_adds(out, "，"), clause(out, bp, c, l);
        }
    }
    if (g_nslogans && kind != SK_PROB) add_slogan_clause(out, c);
    sb_adds(out, "。");
}

/* Appends sentences to the line until it reaches target code points (never past maxlen
 * once minsent are in). */
static void add_sentences(struct line *l, int kind, int topic, struct ctx *c, int minsent,
                          int maxsent, int target, int maxlen)
{
    for (int k = 0; k < maxsent; k++) {
        g_tmp.len = 0;
        uint8_t nused = l->nused;
        sentence(&g_tmp, kind, topic, c, l);
        uint32_t n = (uint32_t)cp_count(g_tmp.p, g_tmp.len);
        if (k >= minsent && l->cplen + n > (uint32_t)maxlen) {
            l->nused = nused;
            break;
        }
        sb_add(&l->text, g_tmp.p, g_tmp.len);
        l->cplen += n;
        if (k + 1 >= minsent && l->cplen >= (uint32_t)target) break;
    }
}

static void add_title(struct line *l, int pool, struct ctx *c)
{
    uint32_t e = pick_entry(c, pool);
    expand_entry(&l->text, e, c);
    if (l->nused < 6) l->used[l->nused++] = (uint16_t)e;
    sb_adds(&l->text, "。");
    l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
}

static void vary_wording(struct line *l, struct rng *r);

/* A paragraph's words for its topic and style, before vary_wording. */
static void para_text(struct line *l, struct ctx *c)
{
    l->text.len = 0;
    l->cplen = 0;
    l->nused = 0;
    if (l->text.p) l->text.p[0] = 0;
    int t = l->topic;
    if (t >= 0 && t < NTOPICS) {
        if (l->style != ST_NONE) {
            add_title(l, g_title_pool[t], c);
            add_sentences(l, SK_WORK, t, c, 2, 5, rng_range(c->r, 110, 360), 400);
        } else {
            add_sentences(l, SK_WORK, t, c, 2, 6, rng_range(c->r, 160, 380), 420);
        }
        return;
    }
    switch (t) {
    case TP_PROB:
        add_title(l, P_PTITLE, c);
        add_sentences(l, SK_PROB, 0, c, 1, 3, rng_range(c->r, 70, 200), 300);
        break;
    case TP_PLAN:
        add_title(l, P_PLTITLE, c);
        add_sentences(l, SK_PLAN, 0, c, 1, 3, rng_range(c->r, 70, 220), 320);
        break;
    case TP_CAUSE: {
        static const char *const ord[] = {"一是", "二是", "三是", "四是"};
        expand_pool(&l->text, P_CLEAD, c);
        int k = rng_range(c->r, 2, 4), idx[8];
        pick_distinct(c->r, (int)g_pools[P_CHEAD].n, k, idx);
        for (int i = 0; i < k; i++) { /* 一是<head>，<body>[，<body>]； */
            sb_adds(&l->text, ord[i]);
            expand_entry(&l->text, g_pools[P_CHEAD].first + (uint32_t)idx[i], c);
            for (int b = rng_range(c->r, 1, 2); b > 0; b--)
                sb_adds(&l->text, "，"), expand_pool(&l->text, P_CBODY, c);
            sb_adds(&l->text, i + 1 < k ? "；" : "。");
        }
        l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
        break;
    }
    case TP_PRE:
        expand_pool(&l->text, P_PRE, c);
        break;
    case TP_PLEAD:
        expand_pool(&l->text, P_PLEAD, c);
        break;
    case TP_PROBLEAD:
        expand_pool(&l->text, P_PLEAD0, c);
        break;
    default:
        die("internal: paragraph topic %d", t);
    }
    l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
}

/* (Re)writes a paragraph's text for its topic and style. */
static void gen_para(struct line *l, struct ctx *c)
{
    para_text(l, c);
    vary_wording(l, c->r);
}

static uint32_t para_new(struct doc *d, int sect, int topic, int style, int sub, struct ctx *c)
{
    uint32_t i = line_new(d, L_PARA, sect);
    struct line *l = doc_line(d, i);
    l->topic = (int8_t)topic;
    l->style = (uint8_t)style;
    l->sub = (int8_t)sub;
    gen_para(l, c);
    return i;
}

/* A heading from its pools, in words the summary has not used (a rewritten summary's
 * headings avoid last year's, see skeleton_carried); the entries are recorded in the line. */
static void gen_heading(struct line *l, struct ctx *c)
{
    l->text.len = 0;
    l->nused = 0;
    int pools[2] = {l->kind == L_H1 ? P_H1[l->sect] : g_h2a[l->topic], l->kind == L_H1 ? -1 : g_h2b[l->topic]};
    for (int k = 0; k < 2 && pools[k] >= 0; k++) {
        uint32_t e = pick_entry(c, pools[k]);
        if (k) sb_adds(&l->text, "，");
        expand_entry(&l->text, e, c);
        l->used[l->nused++] = (uint16_t)e;
    }
    l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
    vary_wording(l, c->r);
}

static void gen_title(struct doc *d, uint32_t i, const struct unit *u)
{
    struct line *l = doc_line(d, i);
    l->text.len = 0;
    sb_adds(&l->text, u->name);
    sb_addint(&l->text, d->year);
    sb_adds(&l->text, "年党风廉政建设工作总结");
    l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
}

static void gen_signoff(struct doc *d, const struct unit *u, struct ctx *c)
{
    uint32_t a = line_append(d, L_SIGN, S_END), b = line_append(d, L_SIGN, S_END);
    line_set(doc_line(d, a), u->signoff, strlen(u->signoff));
    struct line *l = doc_line(d, b);
    sb_addint(&l->text, d->year);
    sb_adds(&l->text, "年12月");
    sb_addint(&l->text, rng_range(c->r, 15, 31));
    sb_adds(&l->text, "日");
    l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
}

static uint32_t heading_append(struct doc *d, int kind, int sect, int group, int sub, struct ctx *c)
{
    uint32_t i = line_append(d, kind, sect);
    struct line *l = doc_line(d, i);
    l->topic = (int8_t)group;
    l->sub = (int8_t)sub;
    gen_heading(l, c);
    return i;
}

/* Position in the printing order just after the last live line with this section (and
 * subsection, when sub >= 0); 0 when there is none. */
static size_t section_end(const struct doc *d, int sect, int sub)
{
    size_t pos = 0;
    for (size_t i = 0; i < d->norder; i++) {
        const struct line *l = &d->lines[d->order[i]];
        if (l->sect == sect && (sub < 0 || l->sub == sub)) pos = i + 1;
    }
    return pos;
}

static int count_subs(const struct doc *d)
{
    int n = 0;
    for (size_t i = 0; i < d->nline; i++)
        if (d->lines[i].kind == L_H2 && d->lines[i].sub + 1 > n) n = d->lines[i].sub + 1;
    return n;
}

/* The topic of group g this summary has used least (ties broken at random); counts it. */
static int pick_topic(struct doc *d, int g, struct rng *r)
{
    int best = GROUP_TOPICS[g][0], nbest = 1; /* every group has topics */
    for (int k = 1; k < 5 && GROUP_TOPICS[g][k] >= 0; k++) {
        int t = GROUP_TOPICS[g][k];
        if (d->topic_uses[t] < d->topic_uses[best])
            best = t, nbest = 1;
        else if (d->topic_uses[t] == d->topic_uses[best] && rng_below(r, (uint32_t)++nbest) == 0)
            best = t;
    }
    d->topic_uses[best]++;
    return best;
}

static int group_fresh_topics(const struct doc *d, int g)
{
    int n = 0;
    for (int k = 0; k < 5 && GROUP_TOPICS[g][k] >= 0; k++)
        n += !d->topic_uses[GROUP_TOPICS[g][k]];
    return n;
}

/* Adds one fresh numbered work item, where the summary still has something new to say: a
 * subsection with fewer than 4 items and an unused topic, else a new subsection for an
 * unused group, else (with force, or below 5 items) any numbered subsection. Returns the
 * new line, or -1 when nothing fits. */
static long add_work_item(struct doc *d, struct ctx *c, int force)
{
    int nsub = count_subs(d), group[16] = {0}, items[16] = {0}, plain[16] = {0},
        used_group[6] = {0};
    for (size_t i = 0; i < d->nline; i++) {
        const struct line *l = &d->lines[i];
        if (l->sect != S_WORK || l->sub < 0 || l->sub >= 16 || (l->flags & F_DEAD)) continue;
        if (l->kind == L_H2) group[l->sub] = l->topic, used_group[l->topic] = 1;
        if (l->kind == L_PARA)
            items[l->sub] += l->style == ST_DOT, plain[l->sub] += l->style == ST_NONE;
    }
    int cand[16], n = 0, sub = -1;
    for (int k = 0; k < nsub && k < 16; k++)
        if (!plain[k] && items[k] && items[k] < 4 && group_fresh_topics(d, group[k])) cand[n++] = k;
    if (n) sub = cand[rng_below(c->r, (uint32_t)n)];
    if (sub < 0 && nsub < 16) {
        int free_groups[6], nf = 0;
        for (int g = 0; g < 6; g++)
            if (!used_group[g]) free_groups[nf++] = g;
        if (nf) { /* a new subsection, printed after the last work line */
            int g = free_groups[rng_below(c->r, (uint32_t)nf)];
            size_t pos = section_end(d, S_WORK, -1);
            uint32_t h = line_new(d, L_H2, S_WORK);
            struct line *l = doc_line(d, h);
            l->topic = (int8_t)g, l->sub = (int8_t)nsub;
            gen_heading(l, c);
            order_insert(d, pos, h);
            sub = nsub, group[sub] = g;
        }
    }
    if (sub < 0) {
        for (int k = 0; k < nsub && k < 16; k++)
            if (!plain[k] && items[k] && (force || items[k] < 5)) cand[n++] = k;
        if (!n) return -1;
        sub = cand[rng_below(c->r, (uint32_t)n)];
    }
    uint32_t i = para_new(d, S_WORK, pick_topic(d, group[sub], c->r), ST_DOT, sub, c);
    order_insert(d, section_end(d, S_WORK, sub), i);
    return i;
}

/* Makes the lines of a summary that carries nothing over. */
static void skeleton_fresh(struct doc *d, const struct unit *u, struct ctx *c)
{
    gen_title(d, line_append(d, L_TITLE, S_HEAD), u);
    line_append(d, L_BLANK, S_HEAD);
    order_insert(d, d->norder, para_new(d, S_PRE, TP_PRE, ST_NONE, -1, c));
    heading_append(d, L_H1, S_WORK, -1, -1, c);
    int groups[6], ng = rng_range(c->r, 3, 4), sub = 0;
    pick_distinct(c->r, 6, ng, groups);
    for (int i = 1; i < ng; i++) /* sorted: the genre's order of topics */
        for (int j = i; j > 0 && groups[j - 1] > groups[j]; j--) {
            int t = groups[j];
            groups[j] = groups[j - 1];
            groups[j - 1] = t;
        }
    for (int gi = 0; gi < ng; gi++, sub++) {
        int g = groups[gi], ntop = 0;
        while (ntop < 5 && GROUP_TOPICS[g][ntop] >= 0)
            ntop++;
        heading_append(d, L_H2, S_WORK, g, sub, c);
        if (rng_chance(c->r, 0.1)) {
            order_insert(d, d->norder,
                         para_new(d, S_WORK, pick_topic(d, g, c->r), ST_NONE, sub, c));
            continue;
        }
        for (int k = rng_range(c->r, 2, ntop < 3 ? 3 : ntop); k > 0; k--)
            order_insert(d, d->norder, para_new(d, S_WORK, pick_topic(d, g, c->r), ST_DOT, sub, c));
    }
    heading_append(d, L_H1, S_PROB, -1, -1, c);
    int pstyle = rng_chance(c->r, 0.7) ? ST_PAREN : ST_DOT;
    if (rng_chance(c->r, 0.4))
        order_insert(d, d->norder, para_new(d, S_PROB, TP_PROBLEAD, ST_NONE, -1, c));
    for (int k = rng_range(c->r, 3, 4); k > 0; k--)
        order_insert(d, d->norder, para_new(d, S_PROB, TP_PROB, pstyle, -1, c));
    if (rng_chance(c->r, 0.25)) {
        heading_append(d, L_H1, S_CAUSE, -1, -1, c);
        order_insert(d, d->norder, para_new(d, S_CAUSE, TP_CAUSE, ST_NONE, -1, c));
    }
    heading_append(d, L_H1, S_PLAN, -1, -1, c);
    if (rng_chance(c->r, 0.7))
        order_insert(d, d->norder, para_new(d, S_PLAN, TP_PLEAD, ST_NONE, -1, c));
    for (int k = rng_range(c->r, 3, 5); k > 0; k--)
        order_insert(d, d->norder, para_new(d, S_PLAN, TP_PLAN, ST_PAREN, -1, c));
    if (rng_chance(c->r, 0.7)) {
        if (rng_chance(c->r, 0.5)) line_append(d, L_BLANK, S_END);
        gen_signoff(d, u, c);
    }
}

/* Kills fresh numbered work items (never the last of a subsection) until the summary is
 * at most max code points. */
static void trim_to(struct doc *d, size_t max, struct rng *r)
{
    for (int guard = 0; guard < 200 && doc_cplen(d) > max; guard++) {
        uint32_t cand[256];
        int n = 0;
        for (size_t i = 0; i < d->nline && n < 256; i++) {
            const struct line *l = &d->lines[i];
            if (l->kind != L_PARA || l->sect != S_WORK || l->style != ST_DOT ||
                (l->flags & (F_FIXED | F_DEAD)))
                continue;
            int siblings = 0;
            for (size_t j = 0; j < d->nline; j++)
                siblings += d->lines[j].kind == L_PARA && d->lines[j].sub == l->sub &&
                            d->lines[j].sect == S_WORK && !(d->lines[j].flags & F_DEAD);
            if (siblings > 1) cand[n++] = (uint32_t)i;
        }
        if (!n) return;
        d->lines[cand[rng_below(r, (uint32_t)n)]].flags |= F_DEAD;
    }
}

/* ------------------------------------------------------------ transforms */

static size_t utf8_decode(const char *s, size_t n, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        uint32_t c;
        int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        c = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
        for (int j = 1; j < len; j++)
            c = (c << 6) | ((unsigned char)s[i + j] & 0x3F);
        out[k++] = c;
        i += (size_t)len;
    }
    return k;
}

static void utf8_put(struct sbuf *b, uint32_t c)
{
    char t[4];
    size_t n;
    if (c < 0x80)
        t[0] = (char)c, n = 1;
    else if (c < 0x800)
        t[0] = (char)(0xC0 | (c >> 6)), t[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
        t[0] = (char)(0xE0 | (c >> 12)), t[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
        t[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    else
        t[0] = (char)(0xF0 | (c >> 18)), t[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
        t[2] = (char)(0x80 | ((c >> 6) & 0x3F)), t[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    sb_add(b, t, n);
}

/* Near-synonym groups (two characters each, swapped in place), the adverbs an editor puts
 * in before a verb or takes out, the verbs they go before, the function characters that
 * get dropped, and (rarely) typo characters. */
static const char *const SYN_GROUPS[][3] = {
    {"加强", "强化", "深化"}, {"认真", "扎实", NULL}, {"持续", "不断", NULL},
    {"推进", "推动", NULL},   {"健全", "完善", NULL}, {"提升", "提高", NULL},
    {"着力", "全力", NULL},   {"全面", "深入", NULL}, {"切实", "有效", NULL},
    {"及时", "迅速", NULL},   {"重点", "关键", NULL}, {"严格", "从严", NULL},
    {"排查", "检查", NULL},   {"制定", "出台", NULL}, {"压实", "夯实", NULL},
    {"确保", "保证", NULL},   {"督促", "推动", NULL}, {"坚决", "切实", NULL},
    {"明确", "细化", NULL},   {"纠治", "整治", NULL}};
/* Terms an editor leaves alone: no swap, deletion or typo inside them. */
static const char *const KEEP_TERMS[] = {"全面从严治党", "从严治党", "有关事项",
                                         "社会组织",     "从严从紧", "深入学习贯彻"};
#define NKEEP ((int)(sizeof KEEP_TERMS / sizeof KEEP_TERMS[0]))
#define NSYN ((int)(sizeof SYN_GROUPS / sizeof SYN_GROUPS[0]))
static const char *const ADVERBS[] = {"进一步", "切实", "认真", "持续", "不断", "扎实"};
#define NADV ((int)(sizeof ADVERBS / sizeof ADVERBS[0]))
static const char *const JIN_VERBS[] = {"加强", "强化", "深化", "推进", "推动", "健全",
                                        "完善", "提升", "提高", "规范", "压实", "落实",
                                        "增强", "优化", "开展", "抓好"};
#define NJIN ((int)(sizeof JIN_VERBS / sizeof JIN_VERBS[0]))
static const char SUB_CHARS[] =
    "的工作推进管理制度监督落实责任建设开展加强问题重点情况机制全面完善规范";
static const char DEL_CHARS[] = "的和等了及并与";

static uint32_t g_syn[NSYN][3][2], g_jin[NJIN][2], g_sub[64], g_del[16], g_adv[NADV][3],
    g_keep[NKEEP][8];
static int g_nsub, g_ndel, g_advlen[NADV], g_keeplen[NKEEP];
/* What a code point can start (BMP): so each edit scans the passage once, cheaply. */
enum { E_SYN = 1, E_ADV = 2, E_JIN = 4, E_DEL = 8, E_KEEP = 16 };
static uint8_t g_ehead[0x10000];

static void edits_init(void)
{
    uint32_t tmp[8];
    for (int g = 0; g < NSYN; g++)
        for (int m = 0; m < 3; m++)
            if (SYN_GROUPS[g][m])
                utf8_decode(SYN_GROUPS[g][m], strlen(SYN_GROUPS[g][m]), g_syn[g][m]);
    for (int v = 0; v < NJIN; v++) {
        utf8_decode(JIN_VERBS[v], strlen(JIN_VERBS[v]), tmp);
        g_jin[v][0] = tmp[0], g_jin[v][1] = tmp[1];
    }
    for (int a = 0; a < NADV; a++)
        g_advlen[a] = (int)utf8_decode(ADVERBS[a], strlen(ADVERBS[a]), g_adv[a]);
    for (int k = 0; k < NKEEP; k++)
        g_keeplen[k] = (int)utf8_decode(KEEP_TERMS[k], strlen(KEEP_TERMS[k]), g_keep[k]);
    g_nsub = (int)utf8_decode(SUB_CHARS, strlen(SUB_CHARS), g_sub);
    g_ndel = (int)utf8_decode(DEL_CHARS, strlen(DEL_CHARS), g_del);
    for (int g = 0; g < NSYN; g++)
        for (int m = 0; m < 3 && SYN_GROUPS[g][m]; m++)
            g_ehead[g_syn[g][m][0] & 0xFFFF] |= E_SYN;
    for (int a = 0; a < NADV; a++)
        g_ehead[g_adv[a][0] & 0xFFFF] |= E_ADV;
    for (int v = 0; v < NJIN; v++)
        g_ehead[g_jin[v][0] & 0xFFFF] |= E_JIN;
    for (int k = 0; k < g_ndel; k++)
        g_ehead[g_del[k] & 0xFFFF] |= E_DEL;
    for (int k = 0; k < NKEEP; k++)
        g_ehead[g_keep[k][0] & 0xFFFF] |= E_KEEP;
}

static int is_han(uint32_t c)
{
    return c >= 0x4E00 && c <= 0x9FFF;
}

/* Whether code point i lies inside one of KEEP_TERMS. */
static int kept(const uint32_t *cp, size_t n, size_t i)
{
    int near = 0; /* a kept term starts at most 5 code points back */
    for (size_t j = i > 5 ? i - 5 : 0; j <= i; j++)
        near |= cp[j] < 0x10000 && (g_ehead[cp[j]] & E_KEEP);
    if (!near) return 0;
    for (int k = 0; k < NKEEP; k++) {
        size_t len = (size_t)g_keeplen[k];
        for (size_t j = i + 1 > len ? i + 1 - len : 0; j <= i && j + len <= n; j++)
            if (!memcmp(cp + j, g_keep[k], len * sizeof *cp)) return 1;
    }
    return 0;
}

struct edit_count {
    int syn, adv, del, sub, cost;
};

static int syn_swap(uint32_t *cp, size_t n, struct rng *r)
{
    size_t hits[128];
    int nh = 0, hg[128], hm[128];
    for (size_t i = 0; i + 1 < n && nh < 128; i++)
        for (int g = 0; g < NSYN && nh < 128 && cp[i] < 0x10000 && (g_ehead[cp[i]] & E_SYN); g++)
            for (int m = 0; m < 3 && SYN_GROUPS[g][m]; m++)
                if (cp[i] == g_syn[g][m][0] && cp[i + 1] == g_syn[g][m][1] && !kept(cp, n, i) &&
                    !kept(cp, n, i + 1))
                    hits[nh] = i, hg[nh] = g, hm[nh++] = m;
    if (!nh) return 0;
    int h = (int)rng_below(r, (uint32_t)nh), g = hg[h], nm = SYN_GROUPS[g][2] ? 3 : 2;
    int to = (hm[h] + 1 + (int)rng_below(r, (uint32_t)(nm - 1))) % nm;
    int cost = (cp[hits[h]] != g_syn[g][to][0]) + (cp[hits[h] + 1] != g_syn[g][to][1]);
    cp[hits[h]] = g_syn[g][to][0], cp[hits[h] + 1] = g_syn[g][to][1];
    return cost;
}

/* Takes an adverb out, or puts one in before a verb; returns the cost (its length) or 0. */
static int adverb_edit(uint32_t *cp, size_t *n, struct rng *r, int budget)
{
    size_t at[64];
    int na = 0, which[64];
    for (size_t i = 0; i + 1 < *n && na < 64; i++)
        for (int a = 0; a < NADV && cp[i] < 0x10000 && (g_ehead[cp[i]] & E_ADV); a++)
            if (i + (size_t)g_advlen[a] <= *n &&
                !memcmp(cp + i, g_adv[a], (size_t)g_advlen[a] * sizeof *cp))
                at[na] = i, which[na++] = a;
    if (na && rng_below(r, 2)) {
        int k = (int)rng_below(r, (uint32_t)na), len = g_advlen[which[k]];
        if (len > budget + 1) return 0;
        memmove(cp + at[k], cp + at[k] + len, (*n - at[k] - (size_t)len) * sizeof *cp);
        *n -= (size_t)len;
        return len;
    }
    size_t hits[64];
    int nh = 0;
    for (size_t i = 1; i + 1 < *n && nh < 64; i++)
        for (int v = 0; v < NJIN && cp[i] < 0x10000 && (g_ehead[cp[i]] & E_JIN); v++)
            if (cp[i] == g_jin[v][0] && cp[i + 1] == g_jin[v][1] && !is_han(cp[i - 1]))
                hits[nh++] = i;
    for (size_t i = 1; i + 1 < *n && nh < 64; i++) /* after 持 (坚持) or 并 too */
        for (int v = 0; v < NJIN && cp[i] < 0x10000 && (g_ehead[cp[i]] & E_JIN); v++)
            if (cp[i] == g_jin[v][0] && cp[i + 1] == g_jin[v][1] &&
                (cp[i - 1] == 0x6301 /* 持 */ || cp[i - 1] == 0x5E76 /* 并 */))
                hits[nh++] = i;
    if (!nh) return 0;
    int a = (int)rng_below(r, NADV), len = g_advlen[a];
    if (len > budget + 1) a = 1, len = g_advlen[1];
    size_t i = hits[rng_below(r, (uint32_t)nh)];
    memmove(cp + i + len, cp + i, (*n - i) * sizeof *cp);
    memcpy(cp + i, g_adv[a], (size_t)len * sizeof *cp);
    *n += (size_t)len;
    return len;
}

/* Edits text until the edit cost (characters substituted, inserted or deleted) reaches
 * rate% of its length, at least 1: near-synonym swaps (40%), an adverb put in or taken out
 * (25%), a function character dropped (20%), a typo (15%). \x01 and \x02 (protected names)
 * are never touched. */
static void apply_edits(struct sbuf *text, int rate_pct, struct rng *r, struct edit_count *ec)
{
    size_t n0 = cp_count(text->p, text->len), n;
    uint32_t *cp = xcalloc(n0 + 256, sizeof *cp);
    n = utf8_decode(text->p, text->len, cp);
    int target = (int)((rate_pct * (long)n0 + 50) / 100);
    if (target < 1) target = 1;
    for (int guard = 0; ec->cost < target && guard < 2000 && n + 8 < n0 + 256; guard++) {
        uint32_t op = rng_below(r, 100);
        int cost;
        if (op < 40) {
            if ((cost = syn_swap(cp, n, r))) ec->syn++, ec->cost += cost;
        } else if (op < 65) {
            if ((cost = adverb_edit(cp, &n, r, target - ec->cost))) ec->adv++, ec->cost += cost;
        } else if (op < 85) {
            size_t hits[512];
            int nh = 0;
            for (size_t i = 1; i < n && nh < 512; i++)
                if (cp[i] < 0x10000 && (g_ehead[cp[i]] & E_DEL) && is_han(cp[i - 1]) &&
                    !kept(cp, n, i))
                    hits[nh++] = i;
            if (!nh) continue;
            size_t i = hits[rng_below(r, (uint32_t)nh)];
            memmove(cp + i, cp + i + 1, (n - i - 1) * sizeof *cp);
            n--;
            ec->del++, ec->cost++;
        } else {
            size_t i = rng_below(r, (uint32_t)n);
            uint32_t to = g_sub[rng_below(r, (uint32_t)g_nsub)];
            if (!is_han(cp[i]) || to == cp[i] || kept(cp, n, i)) continue;
            cp[i] = to;
            ec->sub++, ec->cost++;
        }
    }
    text->len = 0;
    for (size_t i = 0; i < n; i++)
        utf8_put(text, cp[i]);
    free(cp);
}

/* Replaces every occurrence of from[k] by to[k] (k < n; earlier entries win where two
 * start at the same place); returns how many. Copies unchanged runs in one go. */
static int replace_words(struct sbuf *t, const char *const *from, const char *const *to, int n)
{
    struct sbuf out = {0};
    int count = 0;
    size_t i = 0, run = 0;
    while (i < t->len) {
        int hit = -1;
        for (int k = 0; k < n && hit < 0; k++)
            if (t->p[i] == from[k][0] && !strncmp(t->p + i, from[k], strlen(from[k]))) hit = k;
        if (hit < 0) {
            i++;
            continue;
        }
        sb_add(&out, t->p + run, i - run);
        sb_adds(&out, to[hit]);
        i += strlen(from[hit]);
        run = i;
        count++;
    }
    if (count) {
        sb_add(&out, t->p + run, t->len - run);
        sb_set(t, out.p, out.len);
    }
    sb_release(&out);
    return count;
}

/* Replaces the unit's names by \x01 (full) and \x02 (without 党组/党委) so edits leave
 * them alone; fill_names puts them back. */
static void protect_names(struct sbuf *t, const struct unit *u)
{
    const char *from[2] = {u->name, u->org}, *to[2] = {"\x01", "\x02"};
    replace_words(t, from, to, 2);
}

static void fill_names(struct sbuf *out, const struct sbuf *t, const struct unit *u)
{
    sb_set(out, t->p ? t->p : "", t->len);
    const char *from[2] = {"\x01", "\x02"}, *to[2] = {u->name, u->org};
    replace_words(out, from, to, 2);
}

/* apply_edits with the unit's names protected. */
static void edit_text(struct sbuf *t, int rate_pct, const struct unit *u, struct rng *r,
                      struct edit_count *ec)
{
    struct sbuf back = {0};
    protect_names(t, u);
    apply_edits(t, rate_pct, r, ec);
    fill_names(&back, t, u);
    sb_set(t, back.p ? back.p : "", back.len);
    sb_release(&back);
}

static void edit_desc(char *out, size_t size, const char *prefix, const struct edit_count *ec)
{
    snprintf(out, size, "%s%ssyn=%d,adv=%d,del=%d,typo=%d", prefix, *prefix ? "," : "", ec->syn,
             ec->adv, ec->del, ec->sub);
}

/* Moves every year 1990-2100 (a run of exactly four digits) on by one; returns how many. */
static int year_shift(struct sbuf *t)
{
    int n = 0;
    for (size_t i = 0; i + 4 <= t->len; i++) {
        char *p = t->p + i;
        if (p[0] < '1' || p[0] > '2' || (i && p[-1] >= '0' && p[-1] <= '9')) continue;
        int ok = 1, v = 0;
        for (int k = 0; k < 4; k++)
            ok &= p[k] >= '0' && p[k] <= '9', v = v * 10 + (p[k] - '0');
        if (!ok || (i + 4 < t->len && p[4] >= '0' && p[4] <= '9') || v < 1990 || v > 2100) continue;
        v++;
        for (int k = 3; k >= 0; k--)
            p[k] = (char)('0' + v % 10), v /= 10;
        n++;
        i += 3;
    }
    return n;
}

/* Changes every digit run to another number with as many digits; returns how many. */
static int change_digits(struct sbuf *t, struct rng *r)
{
    int n = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (t->p[i] < '0' || t->p[i] > '9') continue;
        size_t j = i;
        while (j < t->len && t->p[j] >= '0' && t->p[j] <= '9')
            j++;
        for (int tries = 0; tries < 8; tries++) {
            int same = 1;
            for (size_t k = i; k < j; k++) {
                char c =
                    (char)('0' + (k == i && j - i > 1 ? rng_range(r, 1, 9) : rng_range(r, 0, 9)));
                same &= c == t->p[k];
                t->p[k] = c;
            }
            if (!same) break;
        }
        n++;
        i = j;
    }
    return n;
}

/* Replaces the source unit's names (full, then without 党组/党委) by the target's. */
static int swap_names(struct sbuf *t, const struct unit *from, const struct unit *to)
{
    const char *f[2] = {from->name, from->org}, *n[2] = {to->name, to->org};
    return replace_words(t, f, n, 2);
}

/* Byte offsets just after each 。 (sentence ends). */
static int sentence_ends(const struct sbuf *t, uint32_t *ends, int max)
{
    int n = 0;
    const char *dot = "。";
    for (size_t i = 0; i + 3 <= t->len && n < max; i++)
        if (!memcmp(t->p + i, dot, 3)) ends[n++] = (uint32_t)(i + 3);
    return n;
}

/* Reorders the sentences of a paragraph (a numbered item keeps its title first); 0 when it
 * has too few sentences. */
static int reorder_sentences(struct sbuf *t, int keep_first, struct rng *r)
{
    uint32_t ends[64];
    int n = sentence_ends(t, ends, 64);
    if (n < 1 || ends[n - 1] != t->len) return 0;
    int first = keep_first ? 1 : 0;
    if (n - first < 2) return 0;
    int perm[64];
    for (int i = 0; i < n; i++)
        perm[i] = i;
    for (int tries = 0; tries < 10; tries++) {
        for (int i = n - 1; i > first; i--) {
            int j = first + (int)rng_below(r, (uint32_t)(i - first + 1)), x = perm[i];
            perm[i] = perm[j], perm[j] = x;
        }
        int id = 1;
        for (int i = 0; i < n; i++)
            id &= perm[i] == i;
        if (!id) break;
        if (tries == 9) { /* rotate: never the identity */
            int x = perm[first];
            memmove(perm + first, perm + first + 1, (size_t)(n - first - 1) * sizeof *perm);
            perm[n - 1] = x;
        }
    }
    struct sbuf out = {0};
    for (int i = 0; i < n; i++) {
        uint32_t b = perm[i] ? ends[perm[i] - 1] : 0;
        sb_add(&out, t->p + b, ends[perm[i]] - b);
    }
    sb_set(t, out.p, out.len);
    sb_release(&out);
    return 1;
}

/* Word choice of fresh carrier text: each word of a group below is replaced by a random
 * member of its group, and 进一步 sometimes goes before a verb that opens a clause -- so
 * that two summaries built from the same clauses rarely share a long exact run. */
static const char *const VARY_GROUPS[][6] = {
    {"加强", "强化", "深化", NULL},
    {"认真", "扎实", "切实", "有效", NULL},
    {"持续", "不断", NULL},
    {"推进", "推动", "促进", NULL},
    {"健全", "完善", NULL},
    {"提升", "提高", NULL},
    {"全面", "深入", NULL},
    {"及时", "迅速", NULL},
    {"严格", "从严", NULL},
    {"确保", "保证", NULL},
    {"明确", "细化", NULL},
    {"重点", "关键", NULL},
    {"着力", "全力", NULL},
    {"制定", "出台", NULL},
    {"通过", "采取", NULL},
    {"党员干部", "干部职工", "广大干部", NULL},
    {"等方式", "等形式", "等途径", NULL},
    {"重要节点", "关键节点", NULL},
    {"专项整治", "集中整治", NULL},
    {"监督检查", "督促检查", NULL},
    {"落实落细", "落地落实", NULL},
    {"全过程", "各环节", NULL},
    {"各项", "各类", NULL},
    {"同比下降", "较上年下降", NULL},
    {"扎紧", "织密", NULL},
    {"问题线索", "线索", NULL},
    {"廉政风险", "廉洁风险", NULL},
    {"严格落实", "严格执行", "认真落实", "全面落实", "切实落实", NULL},
    {"组织开展", "深入开展", "扎实开展", "认真开展", "持续开展", NULL},
    {"专题研究", "研究部署", NULL},
    {"坚决", "切实", NULL},
    {"进一步", "", NULL},
    {"依规依纪", "依纪依规", "依法依规", NULL},
    {"纳入", "列入", NULL},
    {"实行", "推行", NULL},
    {"有关", "相关", NULL},
    {"专项检查", "专项督查", NULL},
    {"发现问题", "查找问题", NULL},
    {"围绕", "聚焦", "紧扣", NULL},
    {"结合", "立足", NULL},
    {"防止", "防范", "杜绝", NULL},
    {"提醒谈话", "谈话提醒", NULL},
    {"主动", "积极", NULL},
    {"认识不足", "认识不到位", NULL},
    {"有待", "还需", "仍需", NULL},
    {"明显", "显著", NULL},
    {"严肃处理", "依规处理", "严肃查处", NULL},
    {"问责", "追责", NULL},
    {"排查", "梳理", NULL},
    {"推动解决", "协调解决", "帮助解决", NULL},
    {"开展了", "组织了", NULL},
    {"实现了", "做到了", NULL},
    {"不够到位", "不到位", NULL},
    {"还不够", "尚不够", "仍不够", NULL},
    {"建立健全", "健全完善", NULL},
    {"工作格局", "良好格局", NULL},
    /* fixed terms, kept as they are (a longer match wins over the words inside them) */
    {"全面从严治党", NULL},
    {"从严治党", NULL},
    {"从严从紧", NULL},
    {"从严加强", NULL},
    {"有关事项", NULL},
    {"深入学习贯彻", NULL},
    {"纵深推进", NULL},
    {"全面深化", NULL}};
#define NVARY ((int)(sizeof VARY_GROUPS / sizeof VARY_GROUPS[0]))
#define MAXVW 192
struct vword {
    const char *s;
    uint8_t len, group;
};
static struct vword g_vw[MAXVW];
static int16_t g_vfirst[0x10000], g_vnext[MAXVW];
static int g_nvw;

/* Indexes the group words by their first code point (BMP; all are Chinese). */
static void vary_init(void)
{
    memset(g_vfirst, 0xFF, sizeof g_vfirst);
    for (int g = 0; g < NVARY; g++)
        for (int m = 0; m < 6 && VARY_GROUPS[g][m]; m++) {
            const char *w = VARY_GROUPS[g][m];
            if (!*w) continue;
            uint32_t c;
            utf8_decode(w, 3, &c);
            if (g_nvw == MAXVW) die("internal: too many variation words");
            g_vw[g_nvw] = (struct vword){w, (uint8_t)strlen(w), (uint8_t)g};
            g_vnext[g_nvw] = g_vfirst[c & 0xFFFF];
            g_vfirst[c & 0xFFFF] = (int16_t)g_nvw++;
        }
}

static int group_size(int g)
{
    int n = 0;
    while (n < 6 && VARY_GROUPS[g][n])
        n++;
    return n;
}

static void vary_wording(struct line *l, struct rng *r)
{
    struct sbuf *out = &g_tmp;
    const unsigned char *p = (const unsigned char *)l->text.p;
    size_t n = l->text.len, run = 0;
    int prev_han = 0;
    out->len = 0;
    for (size_t i = 0; i < n;) {
        int best = -1;
        if (p[i] >= 0xE0 && p[i] < 0xF0 && i + 3 <= n) {
            uint32_t c = ((uint32_t)(p[i] & 0x0F) << 12) | ((uint32_t)(p[i + 1] & 0x3F) << 6) |
                         (p[i + 2] & 0x3F);
            for (int k = g_vfirst[c]; k >= 0; k = g_vnext[k])
                if (i + g_vw[k].len <= n && !memcmp(p + i, g_vw[k].s, g_vw[k].len) &&
                    (best < 0 || g_vw[k].len > g_vw[best].len))
                    best = k;
        }
        if (best < 0) {
            size_t len = p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
            prev_han = len == 3 && p[i] >= 0xE4 && p[i] <= 0xE9;
            i += len;
            continue;
        }
        sb_add(out, (const char *)p + run, i - run);
        int g = g_vw[best].group;
        if (!prev_han && rng_chance(r, 0.12)) sb_adds(out, "进一步");
        sb_adds(out, VARY_GROUPS[g][rng_below(r, (uint32_t)group_size(g))]);
        prev_han = 1;
        i += g_vw[best].len;
        run = i;
    }
    sb_add(out, (const char *)p + run, n - run);
    sb_set(&l->text, out->p, out->len);
    l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
}

/* ------------------------------------------------------------ planting */

enum kind {
    K_VERBATIM,
    K_NAME_SWAP,
    K_NUMBER_CHANGE,
    K_EDIT,
    K_REORDER,
    K_SELF,
    K_TEMPLATE,
    K_COUNT
};
static const char *const KIND_NAMES[K_COUNT] = {"verbatim", "name_swap", "number_change", "edit",
                                                "reorder",  "self",      "template"};
static const int EDIT_RATES[] = {1, 3, 5, 10}; /* percent */

/* A gold row waiting for its target's offsets (known once the summary is assembled). */
struct pend {
    int kind, rate, tmpl; /* tmpl >= 0: records template tmpl's source, writes no row */
    char src[40];
    uint32_t s0, s1, line, b0, b1;
    char edit[64];
};

/* One text a superior office sent out, pasted by every holder of the year. */
struct tmpl {
    struct sbuf text; /* \x01 = holder's name, \x02 = holder's name without 党组/党委 */
    int sect, item, whole;
    uint8_t *holder;
    int have_src;
    char src[40];
    uint32_t s0, s1;
};

struct gen {
    struct rng r;
    struct unit *units;
    int nunits, y0, y1;
    uint8_t *present; /* [unit * years + year index] */
    struct doc **cur, **prev;
    const char *out;
    FILE *gold, *manifest;
    int plant, ntemplates_opt;
    double cross, self;
    struct pend *pend;
    size_t npend, cappend;
    struct tmpl *tmpls;
    int ntmpl;
    struct sbuf text;
    uint8_t *seen; /* per summary, see struct ctx */
    /* statistics */
    long ndocs, rows[K_COUNT], cross_docs;
    size_t bytes, minlen, maxlen;
};

static struct pend *pend_new(struct gen *g, int kind)
{
    if (g->npend == g->cappend) {
        g->cappend = g->cappend ? 2 * g->cappend : 64;
        g->pend = xrealloc(g->pend, g->cappend * sizeof *g->pend);
    }
    struct pend *p = &g->pend[g->npend++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->tmpl = -1;
    snprintf(p->edit, sizeof p->edit, "none");
    return p;
}

static void set_source(struct pend *p, const struct doc *src, const struct line *l, uint32_t b0,
                       uint32_t b1)
{
    snprintf(p->src, sizeof p->src, "%s", src->path);
    p->s0 = l->cp_start + (uint32_t)cp_count(l->text.p, b0);
    p->s1 = p->s0 + (uint32_t)cp_count(l->text.p + b0, b1 - b0);
}

/* The summary's lines as last year's, each paragraph carried over (years moved on, some
 * lightly edited) with probability f or rewritten on the same topic. */
static void skeleton_carried(struct gen *g, struct doc *d, const struct doc *p,
                             const struct unit *u, struct ctx *c, double f)
{
    int signed_off = 0;
    for (size_t i = 0; i < p->norder; i++) {
        const struct line *pl = &p->lines[p->order[i]];
        if (pl->flags & F_DEAD) continue;
        switch (pl->kind) {
        case L_TITLE:
            gen_title(d, line_append(d, L_TITLE, S_HEAD), u);
            break;
        case L_BLANK:
            line_append(d, L_BLANK, pl->sect);
            break;
        case L_H1:
        case L_H2:
            for (int k = 0; k < pl->nused; k++)
                c->seen[pl->used[k]] = 1; /* the outline is kept, its headings reworded */
            heading_append(d, pl->kind, pl->kind == L_H1 ? pl->sect : S_WORK, pl->topic, pl->sub, c);
            break;
        case L_SIGN:
            if (!signed_off++) gen_signoff(d, u, c);
            break;
        case L_PARA: {
            uint32_t idx = line_append(d, L_PARA, pl->sect);
            struct line *l = doc_line(d, idx);
            l->topic = pl->topic, l->style = pl->style, l->sub = pl->sub;
            if (l->topic >= 0 && l->topic < NTOPICS) d->topic_uses[l->topic]++;
            for (int k = 0; k < pl->nused; k++)
                c->seen[pl->used[k]] = 1; /* say it differently */
            if (!g->plant || !rng_chance(c->r, f)) {
                gen_para(l, c);
                break;
            }
            sb_set(&l->text, pl->text.p, pl->text.len);
            memcpy(l->used, pl->used, sizeof l->used);
            l->nused = pl->nused;
            struct pend *pd = pend_new(g, K_SELF);
            set_source(pd, p, pl, 0, (uint32_t)pl->text.len);
            int years = year_shift(&l->text);
            snprintf(pd->edit, sizeof pd->edit, "%s", years ? "year" : "none");
            if (rng_chance(c->r, 0.35)) {
                struct edit_count ec = {0};
                pd->rate = EDIT_RATES[rng_below(c->r, 4)];
                edit_text(&l->text, pd->rate, u, c->r, &ec);
                edit_desc(pd->edit, sizeof pd->edit, years ? "year" : "", &ec);
            }
            l->cplen = (uint32_t)cp_count(l->text.p, l->text.len);
            l->flags |= F_FIXED;
            pd->line = idx, pd->b0 = 0, pd->b1 = (uint32_t)l->text.len;
            break;
        }
        }
    }
}

/* Puts text in place of a fresh paragraph of the section (numbered or not, as item says),
 * or in a new one when there is none; returns the line. */
static uint32_t place_whole(struct doc *d, int sect, int item, const struct sbuf *text,
                            struct ctx *c)
{
    uint32_t cand[128];
    int n = 0;
    for (size_t i = 0; i < d->nline && n < 128; i++) {
        const struct line *l = &d->lines[i];
        if (l->kind == L_PARA && l->sect == sect && !(l->flags & (F_FIXED | F_DEAD)) &&
            (l->style != ST_NONE) == item)
            cand[n++] = (uint32_t)i;
    }
    uint32_t idx;
    long added;
    if (n) {
        idx = cand[rng_below(c->r, (uint32_t)n)];
    } else if (sect == S_WORK && item && (added = add_work_item(d, c, 1)) >= 0) {
        idx = (uint32_t)added;
    } else {
        idx = line_new(d, L_PARA, sect);
        struct line *l = doc_line(d, idx);
        l->style = (uint8_t)(item ? ST_PAREN : ST_NONE);
        l->topic = (int8_t)(sect == S_PLAN   ? (item ? TP_PLAN : TP_PLEAD)
                            : sect == S_PROB ? TP_PROB
                                             : TP_PRE);
        size_t pos = section_end(d, sect, -1);
        if (!item) /* a lead goes first, after the heading */
            for (size_t i = 0; i < d->norder; i++)
                if (d->lines[d->order[i]].kind == L_H1 && d->lines[d->order[i]].sect == sect)
                    pos = i + 1;
        if (!pos) pos = section_end(d, S_WORK, -1);
        order_insert(d, pos, idx);
    }
    struct line *l = doc_line(d, idx);
    line_set(l, text->p, text->len);
    l->flags |= F_FIXED;
    return idx;
}

/* Inserts text after a sentence of a fresh paragraph; returns the line, *b0 the offset. */
static uint32_t place_run(struct doc *d, const struct sbuf *text, struct ctx *c, uint32_t *b0)
{
    uint32_t cand[128];
    int n = 0;
    for (size_t i = 0; i < d->nline && n < 128; i++) {
        const struct line *l = &d->lines[i];
        if (l->kind == L_PARA && l->sect != S_PRE && l->sect != S_CAUSE &&
            !(l->flags & (F_FIXED | F_DEAD)) && l->cplen >= 40)
            cand[n++] = (uint32_t)i;
    }
    long idx;
    if (n)
        idx = cand[rng_below(c->r, (uint32_t)n)];
    else if ((idx = add_work_item(d, c, 1)) < 0)
        idx = para_new(d, S_WORK, pick_topic(d, 0, c->r), ST_NONE, -1, c),
        order_insert(d, section_end(d, S_WORK, -1), (uint32_t)idx);
    struct line *l = doc_line(d, (uint32_t)idx);
    uint32_t ends[64];
    int ne = sentence_ends(&l->text, ends, 64);
    *b0 = ne ? ends[rng_below(c->r, (uint32_t)ne)] : (uint32_t)l->text.len;
    struct sbuf t = {0};
    sb_add(&t, l->text.p, *b0);
    sb_add(&t, text->p, text->len);
    sb_add(&t, l->text.p + *b0, l->text.len - *b0);
    line_set(l, t.p, t.len);
    sb_release(&t);
    l->flags |= F_FIXED;
    return (uint32_t)idx;
}

static const int BIN_LO[] = {30, 60, 120, 240}, BIN_HI[] = {59, 119, 239, 400};

/* A run of text in a paragraph that starts at its beginning or after 。，；： and ends
 * after a 。, with lo..hi code points; 0 when there is none. */
static int pick_run(struct rng *r, const struct sbuf *t, int lo, int hi, uint32_t *b0, uint32_t *b1)
{
    uint32_t st[128], stcp[128], en[64], encp[64];
    int ns = 0, ne = 0;
    uint32_t cp = 0;
    st[ns] = 0, stcp[ns++] = 0;
    for (size_t i = 0; i < t->len; i++) {
        cp += ((unsigned char)t->p[i] & 0xC0) != 0x80;
        if (i + 3 > t->len) continue;
        const char *q = t->p + i;
        int dot = !memcmp(q, "。", 3);
        if ((dot || !memcmp(q, "，", 3) || !memcmp(q, "；", 3) || !memcmp(q, "：", 3)) && ns < 128)
            st[ns] = (uint32_t)i + 3, stcp[ns++] = cp;
        if (dot && ne < 64) en[ne] = (uint32_t)i + 3, encp[ne++] = cp;
    }
    int seen = 0;
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < ne; b++) {
            if (en[b] <= st[a]) continue;
            int len = (int)(encp[b] - stcp[a]);
            if (len < lo || len > hi) continue;
            if (rng_below(r, (uint32_t)++seen) == 0) *b0 = st[a], *b1 = en[b];
        }
    return seen > 0;
}

/* Occurrences of word in s[0..n). */
static int count_word(const char *s, size_t n, const char *word)
{
    size_t wl = strlen(word);
    int k = 0;
    for (const char *p = s, *end = s + n; wl && (size_t)(end - p) >= wl;) {
        const char *q = memchr(p, word[0], (size_t)(end - p));
        if (!q || (size_t)(end - q) < wl) break;
        if (!memcmp(q, word, wl))
            k++, p = q + wl;
        else
            p = q + 1;
    }
    return k;
}

/* Length of a passage as zongjie counts it (its reuse characters, see docs/reuse.md): letters
 * and digits, a digit run (3.5 too) as one, an occurrence of the unit's name (or of it
 * without 党组/党委) as one. Punctuation, spaces and line ends do not count. */
static int reuse_len(const char *s, size_t n, const struct unit *u)
{
    int len = 0, digit = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        uint32_t c;
        size_t l = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        utf8_decode(s + i, l, &c);
        int is_digit = (c >= '0' && c <= '9') ||
                       (c == '.' && digit && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9');
        if (is_digit)
            len += !digit;
        else if ((c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ||
                 (c >= 0x3400 && c <= 0x9FFF))
            len++;
        digit = is_digit;
        i += l;
    }
    if (u) {
        int org_cp = (int)cp_count(u->org, strlen(u->org)),
            name_cp = (int)cp_count(u->name, strlen(u->name));
        int names = count_word(s, n, u->name), orgs = count_word(s, n, u->org);
        len -= names * (name_cp - 1) + (orgs - names) * (org_cp - 1);
    }
    return len;
}

static int has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9') return 1;
    return 0;
}

/* Picks a document to copy from: another unit's, of this year (already made) or last year. */
static struct doc *pick_source(struct gen *g, int unit, struct rng *r)
{
    struct doc **lists[2] = {g->cur, g->prev};
    int start = (int)rng_below(r, 2);
    for (int k = 0; k < 2; k++) {
        struct doc **list = lists[(start + k) % 2];
        if (!list) continue;
        int n = 0;
        for (int u = 0; u < g->nunits; u++)
            n += list[u] && u != unit;
        if (!n) continue;
        int pick = (int)rng_below(r, (uint32_t)n);
        for (int u = 0; u < g->nunits; u++)
            if (list[u] && u != unit && !pick--) return list[u];
    }
    return NULL;
}

/* Copies 1-3 passages from other units' summaries into d, each as one of the cross-unit
 * kinds; records a pending gold row for each. */
static void plant_cross(struct gen *g, struct doc *d, struct ctx *c)
{
    int copies = 1 + rng_chance(c->r, 0.4) + rng_chance(c->r, 0.15), made = 0;
    struct sbuf text = {0};
    for (int k = 0; k < copies; k++) {
        uint32_t pk = rng_below(c->r, 100);
        int kind = pk < 22   ? K_VERBATIM
                   : pk < 40 ? K_NAME_SWAP
                   : pk < 52 ? K_NUMBER_CHANGE
                   : pk < 85 ? K_EDIT
                             : K_REORDER;
        for (int tries = 0; tries < 30; tries++) {
            struct doc *src = pick_source(g, d->unit, c->r);
            if (!src) goto done;
            const struct line *sl = &src->lines[rng_below(c->r, (uint32_t)src->nline)];
            if (sl->kind != L_PARA || (sl->flags & F_DEAD) || sl->cplen < 30) continue;
            int whole = kind == K_REORDER || rng_chance(c->r, 0.35);
            uint32_t b0 = 0, b1 = (uint32_t)sl->text.len;
            if (whole && sl->cplen > 400) continue;
            if (!whole) {
                int bin = (int)rng_below(c->r, 4);
                if (!pick_run(c->r, &sl->text, BIN_LO[bin], BIN_HI[bin], &b0, &b1)) continue;
            }
            sb_set(&text, sl->text.p + b0, b1 - b0);
            const struct unit *su = &g->units[src->unit], *tu = &g->units[d->unit];
            char edit[64] = "none";
            int rate = 0;
            if (kind == K_NAME_SWAP) {
                int n = swap_names(&text, su, tu);
                if (!n) continue;
                snprintf(edit, sizeof edit, "name=%d", n);
            } else if (kind == K_NUMBER_CHANGE) {
                if (!has_digit(text.p, text.len)) continue;
                snprintf(edit, sizeof edit, "digits=%d", change_digits(&text, c->r));
            } else if (kind == K_EDIT) {
                struct edit_count ec = {0};
                rate = EDIT_RATES[rng_below(c->r, 4)];
                edit_text(&text, rate, su, c->r, &ec);
                edit_desc(edit, sizeof edit, "", &ec);
            } else if (kind == K_REORDER) {
                if (!reorder_sentences(&text, sl->style != ST_NONE, c->r)) continue;
                snprintf(edit, sizeof edit, "order");
            }
            if (reuse_len(sl->text.p + b0, b1 - b0, su) < 30 ||
                reuse_len(text.p, text.len, tu) < 30)
                continue;
            struct pend *p = pend_new(g, kind);
            set_source(p, src, sl, b0, b1);
            p->rate = rate;
            snprintf(p->edit, sizeof p->edit, "%s", edit);
            if (whole && sl->sect != S_CAUSE) {
                p->line = place_whole(d, sl->sect, sl->style != ST_NONE, &text, c);
                p->b0 = 0;
            } else {
                p->line = place_run(d, &text, c, &p->b0);
            }
            p->b1 = p->b0 + (uint32_t)text.len;
            made++;
            break;
        }
    }
done:
    g->cross_docs += made > 0;
    sb_release(&text);
}

/* The year's templates: 1-2 texts (or --templates N), each for 10...1000 of the units that
 * write a summary this year. */
static void plan_templates(struct gen *g, int yi)
{
    for (int t = 0; t < g->ntmpl; t++)
        sb_release(&g->tmpls[t].text), free(g->tmpls[t].holder);
    free(g->tmpls);
    g->tmpls = NULL;
    g->ntmpl = 0;
    int ny = g->y1 - g->y0 + 1, npres = 0, *pres = xcalloc((size_t)g->nunits, sizeof *pres);
    for (int u = 0; u < g->nunits; u++)
        if (g->present[u * ny + yi]) pres[npres++] = u;
    int n = !g->plant || npres < 10  ? 0
            : g->ntemplates_opt >= 0 ? g->ntemplates_opt
                                     : 1 + (int)rng_below(&g->r, 2);
    g->tmpls = xcalloc((size_t)(n ? n : 1), sizeof *g->tmpls);
    static struct unit office;
    snprintf(office.name, sizeof office.name, "\x01");
    snprintf(office.org, sizeof office.org, "\x02");
    snprintf(office.shortn, sizeof office.shortn, "党组（党委）");
    for (int t = 0; t < n; t++) {
        struct tmpl *tp = &g->tmpls[g->ntmpl++];
        /* 40%: anywhere in 10..min(units, 1000); else a small family of 10..40 */
        int max = npres < 1000 ? npres : 1000;
        int small = max < 40 ? max : 40; // cppcheck-suppress knownConditionTrueFalse
        int k = rng_range(&g->r, 10, rng_chance(&g->r, 0.4) ? max : small);
        tp->holder = xcalloc((size_t)g->nunits, 1);
        for (int i = 0; i < k; i++) { /* partial Fisher-Yates over pres */
            int j = i + (int)rng_below(&g->r, (uint32_t)(npres - i)), x = pres[i];
            pres[i] = pres[j], pres[j] = x;
            tp->holder[pres[i]] = 1;
        }
        struct ctx c = {&g->r, &office, &GENERIC_SECTOR, g->y0 + yi, 0, NULL};
        int bin = (int)rng_below(&g->r, 4), plan = rng_chance(&g->r, 0.5);
        int topic = (int)rng_below(&g->r, NTOPICS);
        tp->whole = bin >= 2;
        tp->sect = plan ? S_PLAN : S_WORK;
        tp->item = !(plan && tp->whole);
        for (int tries = 0; tries < 200; tries++) {
            struct line l = {0};
            l.topic = (int8_t)(plan ? (tp->whole ? TP_PLEAD : TP_PLAN) : topic);
            l.style = (uint8_t)(tp->whole && !plan ? ST_DOT : ST_NONE);
            if (plan && tp->whole) {
                expand_pool(&l.text, P_PLEAD, &c);
                l.cplen = (uint32_t)cp_count(l.text.p, l.text.len);
                add_sentences(&l, SK_PLAN, 0, &c, 0, 3, BIN_LO[bin], BIN_HI[bin]);
            } else if (tp->whole) {
                add_title(&l, g_title_pool[topic], &c);
                add_sentences(&l, SK_WORK, topic, &c, 1, 6, BIN_LO[bin], BIN_HI[bin]);
            } else {
                add_sentences(&l, plan ? SK_PLAN : SK_WORK, topic, &c, 1, 2, BIN_LO[bin],
                              BIN_HI[bin]);
            }
            int ok = l.cplen >= (uint32_t)BIN_LO[bin] && l.cplen <= (uint32_t)BIN_HI[bin] &&
                     reuse_len(l.text.p, l.text.len, NULL) >= 32;
            if (ok || tries == 199) sb_set(&tp->text, l.text.p, l.text.len);
            sb_release(&l.text);
            if (ok) break;
        }
    }
    free(pres);
}

static void plant_templates(struct gen *g, struct doc *d, struct ctx *c)
{
    struct sbuf text = {0};
    for (int t = 0; t < g->ntmpl; t++) {
        struct tmpl *tp = &g->tmpls[t];
        if (!tp->holder[d->unit]) continue;
        struct sbuf raw = {0};
        sb_set(&raw, tp->text.p, tp->text.len);
        struct pend *p = pend_new(g, K_TEMPLATE);
        int named = memchr(raw.p, '\x01', raw.len) || memchr(raw.p, '\x02', raw.len);
        snprintf(p->edit, sizeof p->edit, "%s", named ? "name" : "none");
        if (!tp->have_src) {
            p->tmpl = t;
        } else {
            snprintf(p->src, sizeof p->src, "%s", tp->src);
            p->s0 = tp->s0, p->s1 = tp->s1;
            if (rng_chance(c->r, 0.3)) {
                struct edit_count ec = {0};
                p->rate = EDIT_RATES[rng_below(c->r, 2)];
                apply_edits(&raw, p->rate, c->r, &ec);
                edit_desc(p->edit, sizeof p->edit, named ? "name" : "", &ec);
            }
        }
        fill_names(&text, &raw, &g->units[d->unit]);
        sb_release(&raw);
        if (tp->whole) {
            p->line = place_whole(d, tp->sect, tp->item, &text, c);
            p->b0 = 0;
        } else {
            p->line = place_run(d, &text, c, &p->b0);
        }
        p->b1 = p->b0 + (uint32_t)text.len;
    }
    sb_release(&text);
}

/* ------------------------------------------------------------ output */

static void cn_numeral(struct sbuf *b, int n)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n >= 20) sb_adds(b, d[n / 10 % 10]);
    if (n >= 10) sb_adds(b, "十");
    sb_adds(b, d[n % 10]);
}

/* Prints the summary into out and sets every line's cp_start. */
static void assemble(struct doc *d, struct sbuf *out)
{
    out->len = 0;
    uint32_t cp = 0;
    int h1 = 0, h2 = 0, item = 0;
    struct sbuf m = {0};
    for (size_t i = 0; i < d->norder; i++) {
        struct line *l = &d->lines[d->order[i]];
        if (l->flags & F_DEAD) continue;
        m.len = 0;
        if (l->kind == L_H1) {
            cn_numeral(&m, ++h1), sb_adds(&m, "、");
            h2 = item = 0;
        } else if (l->kind == L_H2) {
            sb_adds(&m, "（"), cn_numeral(&m, ++h2), sb_adds(&m, "）");
            item = 0;
        } else if (l->kind == L_PARA && l->style == ST_PAREN) {
            sb_adds(&m, "（"), cn_numeral(&m, ++item), sb_adds(&m, "）");
        } else if (l->kind == L_PARA && l->style == ST_DOT) {
            sb_addint(&m, ++item), sb_adds(&m, ".");
        }
        if (m.len) sb_add(out, m.p, m.len);
        cp += (uint32_t)cp_count(m.p ? m.p : "", m.len);
        l->cp_start = cp;
        sb_add(out, l->text.p ? l->text.p : "", l->text.len);
        sb_add(out, "\n", 1);
        cp += l->cplen + 1;
    }
    sb_release(&m);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) && errno != EEXIST) die("cannot create %s: %s", path, strerror(errno));
}

static void write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot write %s: %s", path, strerror(errno));
    if (fwrite(s, 1, n, f) != n || fclose(f)) die("cannot write %s: %s", path, strerror(errno));
}

/* Turns the pending rows of d into gold rows (now that offsets are known). */
static void flush_rows(struct gen *g, struct doc *d)
{
    for (size_t i = 0; i < g->npend; i++) {
        struct pend *p = &g->pend[i];
        const struct line *l = &d->lines[p->line];
        uint32_t t0 = l->cp_start + (uint32_t)cp_count(l->text.p, p->b0);
        uint32_t t1 = t0 + (uint32_t)cp_count(l->text.p + p->b0, p->b1 - p->b0);
        if (p->tmpl >= 0) {
            struct tmpl *tp = &g->tmpls[p->tmpl];
            snprintf(tp->src, sizeof tp->src, "%s", d->path);
            tp->s0 = t0, tp->s1 = t1, tp->have_src = 1;
            continue;
        }
        if (reuse_len(l->text.p + p->b0, p->b1 - p->b0, &g->units[d->unit]) < 30 ||
            p->s1 - p->s0 < 30)
            continue;
        g->rows[p->kind]++;
        if (g->gold)
            fprintf(g->gold, "%s\t%s\t%u\t%u\t%s\t%u\t%u\t%s\t%d.%02d\n", KIND_NAMES[p->kind],
                    p->src, p->s0, p->s1, d->path, t0, t1, p->edit, p->rate / 100, p->rate % 100);
    }
    g->npend = 0;
}

/* Makes, writes and keeps (for later copies) the summary of unit u in year index yi. */
static void make_doc(struct gen *g, int u, int yi)
{
    struct doc *d = xcalloc(1, sizeof *d);
    const struct unit *un = &g->units[u];
    d->unit = u;
    d->year = g->y0 + yi;
    snprintf(d->path, sizeof d->path, "%d/unit%04d.txt", d->year, u + 1);
    struct ctx c = {&g->r, un, un->sector, d->year, 0, g->seen};
    memset(g->seen, 0, g_nentry);
    const struct doc *prev = g->prev ? g->prev[u] : NULL;
    if (g->plant && prev && un->carries)
        skeleton_carried(g, d, prev, un, &c, 0.3 + 0.6 * rng_unit(&g->r));
    else
        skeleton_fresh(d, un, &c);
    size_t target = (size_t)rng_range(&g->r, 3400, 5400);
    for (int guard = 0; guard < 40 && doc_cplen(d) < target; guard++)
        if (add_work_item(d, &c, 0) < 0) break;
    trim_to(d, 5600, &g->r);
    if (g->plant) {
        plant_templates(g, d, &c);
        if (rng_chance(&g->r, g->cross)) plant_cross(g, d, &c);
    }
    trim_to(d, 5900, &g->r);
    for (int guard = 0; guard < 20 && doc_cplen(d) < 3100; guard++)
        add_work_item(d, &c, 1);
    assemble(d, &g->text);
    flush_rows(g, d);

    char path[4096];
    snprintf(path, sizeof path, "%s/%s", g->out, d->path);
    write_file(path, g->text.p, g->text.len);
    if (g->manifest) fprintf(g->manifest, "%s\t%s\t%d\n", d->path, un->name, d->year);
    size_t len = cp_count(g->text.p, g->text.len);
    if (!g->ndocs || len < g->minlen) g->minlen = len;
    if (len > g->maxlen) g->maxlen = len;
    g->ndocs++;
    g->bytes += g->text.len;
    g->cur[u] = d;
}

/* ------------------------------------------------------------ units */

static void make_units(struct gen *g)
{
    int n = g->nunits, places = n > 60;
    long total = (long)(places ? NPLACE1 * NPLACE2 : 1) * 3 * NSECTORS;
    if (n > total) die("at most %ld units can be named", total);
    int *combo = xcalloc((size_t)total, sizeof *combo);
    for (long i = 0; i < total; i++)
        combo[i] = (int)i;
    g->units = xcalloc((size_t)n, sizeof *g->units);
    for (int i = 0; i < n; i++) {
        long j = i + (long)rng_below(&g->r, (uint32_t)(total - i));
        int x = combo[i];
        combo[i] = combo[j], combo[j] = x;
        struct unit *u = &g->units[i];
        int k = combo[i], sec = k % NSECTORS, lvl = k / NSECTORS % 3, place = k / NSECTORS / 3;
        u->sector = &SECTORS[sec];
        u->level = lvl;
        const char *org = u->sector->org, *kindc = strstr(org, "委员会") ? "委"
                                                   : strstr(org, "中心") ? "中心"
                                                                         : "局";
        const char *suffix = strstr(org, "委员会") || rng_chance(&g->r, 0.6) ? "党组" : "党委";
        if (places)
            snprintf(u->org, sizeof u->org, "%s%s%s%s", PLACE1[place / NPLACE2],
                     PLACE2[place % NPLACE2], LEVELS[lvl], org);
        else
            snprintf(u->org, sizeof u->org, "%s%s", LEVELS[lvl], org);
        snprintf(u->name, sizeof u->name, "%s%s", u->org, suffix);
        snprintf(u->shortn, sizeof u->shortn, "%s%s", kindc, suffix);
        snprintf(u->signoff, sizeof u->signoff, "中共%s%s", u->org,
                 strcmp(suffix, "党委") ? "党组" : "委员会");
        u->carries = rng_chance(&g->r, g->self);
    }
    free(combo);
}

/* ------------------------------------------------------------ main */

static void usage(FILE *f)
{
    fputs("usage: gen_corpus --out DIR [--docs N | --mb M] [--units U] [--years 2021-2023] [--seed "
          "S]\n"
          "                  [--gold FILE] [--manifest]\n"
          "Writes synthetic 党风廉政建设工作总结 as DIR/YEAR/unitNNNN.txt (UTF-8, LF), the same "
          "bytes\n"
          "for the same arguments, with planted reuse listed in the gold TSV.\n\n"
          "  --out DIR       output folder (created; files in it are overwritten)\n"
          "  --docs N        number of summaries (default 200)\n"
          "  --mb M          about M megabytes (10^6 bytes) of summaries instead of --docs\n"
          "  --units U       number of units (default: docs / years, rounded up)\n"
          "  --years A-B     years written (default 2021-2023; one year: 2022)\n"
          "  --seed S        random seed (default 1)\n"
          "  --gold FILE     write the planted passages: kind source_doc source_start source_end\n"
          "                  target_doc target_start target_end edit rate (code point offsets)\n"
          "  --manifest      write DIR/manifest.tsv (path, unit, year)\n"
          "  --cross P       share of summaries that copy from other units (default 0.2)\n"
          "  --self P        share of units that carry last year's text forward (default 0.85)\n"
          "  --templates N   template texts per year (default: 1 or 2)\n"
          "  --no-plant      carrier text only: no copies, templates or carry-over\n"
          "  --slogans FILE  plant new phrases (lines: phrase TAB first year) in work and plan\n"
          "                  sentences of summaries from that year on, for `zongjie discover`\n"
          "  -h, --help      this help\n",
          f);
}

static const char *arg_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "gen_corpus: %s needs a value\n", argv[*i]);
        usage(stderr);
        exit(2);
    }
    return argv[++*i];
}

static long parse_long(const char *opt, const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi) {
        fprintf(stderr, "gen_corpus: %s: expected a whole number in %ld..%ld, got '%s'\n", opt, lo,
                hi, s);
        exit(2);
    }
    return v;
}

static double parse_double(const char *opt, const char *s, double lo, double hi)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || end == s || !(v >= lo && v <= hi)) {
        fprintf(stderr, "gen_corpus: %s: expected a number in %g..%g, got '%s'\n", opt, lo, hi, s);
        exit(2);
    }
    return v;
}

#define AVG_DOC_BYTES 14050.0 /* measured mean file size, for --mb */

int main(int argc, char **argv)
{
    struct gen g = {0};
    const char *gold = NULL;
    long docs = -1, units = -1;
    double mb = -1;
    uint64_t seed = 1;
    int manifest = 0;
    g.plant = 1, g.cross = 0.2, g.self = 0.85, g.ntemplates_opt = -1, g.y0 = 2021, g.y1 = 2023;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--out")) {
            g.out = arg_value(argc, argv, &i);
        } else if (!strcmp(a, "--docs")) {
            docs = parse_long(a, arg_value(argc, argv, &i), 1, 100000000);
        } else if (!strcmp(a, "--mb")) {
            mb = parse_double(a, arg_value(argc, argv, &i), 0.001, 1e6);
        } else if (!strcmp(a, "--units")) {
            units = parse_long(a, arg_value(argc, argv, &i), 1, 10000000);
        } else if (!strcmp(a, "--years")) {
            const char *v = arg_value(argc, argv, &i);
            int y0, y1;
            char dash, extra;
            int n = sscanf(v, "%d%c%d%c", &y0, &dash, &y1, &extra);
            if (n == 1) y1 = y0;
            if ((n != 1 && (n != 3 || dash != '-')) || y0 < 1990 || y1 > 2100 || y1 < y0) {
                fprintf(stderr, "gen_corpus: --years: expected YEAR or YEAR-YEAR, got '%s'\n", v);
                return 2;
            }
            g.y0 = y0, g.y1 = y1;
        } else if (!strcmp(a, "--seed")) {
            const char *v = arg_value(argc, argv, &i);
            char *end;
            errno = 0;
            seed = strtoull(v, &end, 10);
            if (errno || *end || end == v) {
                fprintf(stderr, "gen_corpus: --seed: expected a whole number, got '%s'\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--gold")) {
            gold = arg_value(argc, argv, &i);
        } else if (!strcmp(a, "--manifest")) {
            manifest = 1;
        } else if (!strcmp(a, "--cross")) {
            g.cross = parse_double(a, arg_value(argc, argv, &i), 0, 1);
        } else if (!strcmp(a, "--self")) {
            g.self = parse_double(a, arg_value(argc, argv, &i), 0, 1);
        } else if (!strcmp(a, "--templates")) {
            g.ntemplates_opt = (int)parse_long(a, arg_value(argc, argv, &i), 0, 100);
        } else if (!strcmp(a, "--no-plant")) {
            g.plant = 0;
        } else if (!strcmp(a, "--slogans")) {
            load_slogans(arg_value(argc, argv, &i));
        } else {
            fprintf(stderr, "gen_corpus: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!g.out) {
        fputs("gen_corpus: --out DIR is required\n", stderr);
        usage(stderr);
        return 2;
    }
    if (docs >= 0 && mb >= 0) {
        fputs("gen_corpus: give --docs or --mb, not both\n", stderr);
        return 2;
    }
    int ny = g.y1 - g.y0 + 1;
    if (mb >= 0) docs = (long)(mb * 1e6 / AVG_DOC_BYTES + 0.5), docs = docs ? docs : 1;
    if (docs < 0 && units < 0) docs = 200;
    if (units < 0) units = (docs + ny - 1) / ny;
    if (docs < 0) docs = units * ny;
    if (docs > units * ny) {
        fprintf(stderr, "gen_corpus: %ld documents need at least %ld units over %d years\n", docs,
                (docs + ny - 1) / ny, ny);
        return 2;
    }
    g.nunits = (int)units;

    rng_seed(&g.r, seed);
    grammar_init();
    edits_init();
    vary_init();
    for (int t = 0; t < NTOPICS; t++) {
        char name[32];
        snprintf(name, sizeof name, "t_%s", TOPICS[t]);
        g_title_pool[t] = pool_id(name);
        snprintf(name, sizeof name, "a_%s", TOPICS[t]);
        g_a_pool[t] = pool_id(name);
        snprintf(name, sizeof name, "b_%s", TOPICS[t]);
        g_b_pool[t] = pool_id(name);
    }
    for (int k = 0; k < 6; k++) {
        char name[16];
        snprintf(name, sizeof name, "h2a_%d", k + 1);
        g_h2a[k] = pool_id(name);
        snprintf(name, sizeof name, "h2b_%d", k + 1);
        g_h2b[k] = pool_id(name);
    }
    P_PRE = pool_id("pre"), P_H1[S_WORK] = pool_id("h1_work"), P_H1[S_PROB] = pool_id("h1_prob");
    P_H1[S_CAUSE] = pool_id("h1_cause"), P_H1[S_PLAN] = pool_id("h1_plan");
    P_PTITLE = pool_id("p_title"), P_PA = pool_id("p_a"), P_PB = pool_id("p_b"),
    P_PLTITLE = pool_id("pl_title");
    P_PLA = pool_id("pl_a"), P_PLB = pool_id("pl_b"), P_CLEAD = pool_id("c_lead"),
    P_CHEAD = pool_id("c_head");
    P_CBODY = pool_id("c_body");
    P_LEAD = pool_id("lead"), P_CW = pool_id("cw");
    P_CONN_A = pool_id("conn_a");
    P_PLEAD = pool_id("pl_lead"), P_PLEAD0 = pool_id("p_lead");
    P_OPENER = pool_id("opener"), P_EFFECT = pool_id("effect"), P_POPENER = pool_id("p_opener");

    g.seen = xcalloc(g_nentry, 1);
    make_units(&g);
    g.present = xcalloc((size_t)units * (size_t)ny, 1);
    memset(g.present, 1, (size_t)units * (size_t)ny);
    long drop = units * ny - docs, slots = units * ny;
    for (long i = 0; i < drop; i++) { /* drop random (unit, year) slots */
        long j;
        do
            j = (long)rng_below(&g.r, (uint32_t)slots);
        while (!g.present[j]);
        g.present[j] = 0;
    }

    make_dir(g.out);
    char path[4096];
    if (manifest) {
        snprintf(path, sizeof path, "%s/manifest.tsv", g.out);
        if (!(g.manifest = fopen(path, "wb"))) die("cannot write %s: %s", path, strerror(errno));
        fputs("path\tunit\tyear\n", g.manifest);
    }
    if (gold) {
        if (!(g.gold = fopen(gold, "wb"))) die("cannot write %s: %s", gold, strerror(errno));
        fputs("kind\tsource_doc\tsource_start\tsource_end\ttarget_doc\ttarget_start\ttarget_"
              "end\tedit\trate\n",
              g.gold);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int yi = 0; yi < ny; yi++) {
        snprintf(path, sizeof path, "%s/%d", g.out, g.y0 + yi);
        make_dir(path);
        g.cur = xcalloc((size_t)units, sizeof *g.cur);
        plan_templates(&g, yi);
        for (int u = 0; u < g.nunits; u++)
            if (g.present[(long)u * ny + yi]) make_doc(&g, u, yi);
        if (g.prev)
            for (int u = 0; u < g.nunits; u++)
                doc_free(g.prev[u]);
        free(g.prev);
        g.prev = g.cur;
        g.cur = NULL;
    }
    if (g.manifest && fclose(g.manifest)) die("cannot write manifest: %s", strerror(errno));
    if (g.gold && fclose(g.gold)) die("cannot write %s: %s", gold, strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    long rows = 0;
    for (int k = 0; k < K_COUNT; k++)
        rows += g.rows[k];
    fprintf(stderr,
            "gen_corpus: %ld documents of %d units, %d-%d, %.1f MB (%zu-%zu characters each) in "
            "%.2f s (%.0f MB/s)\n",
            g.ndocs, g.nunits, g.y0, g.y1, (double)g.bytes / 1e6, g.minlen, g.maxlen, secs,
            secs > 0 ? (double)g.bytes / 1e6 / secs : 0.0);
    fprintf(stderr, "gen_corpus: %ld planted passages:", rows);
    for (int k = 0; k < K_COUNT; k++)
        fprintf(stderr, " %s %ld", KIND_NAMES[k], g.rows[k]);
    fprintf(stderr, "; %ld documents copy from another unit\n", g.cross_docs);
    if (g.prev)
        for (int u = 0; u < g.nunits; u++)
            doc_free(g.prev[u]);
    free(g.prev);
    for (int t = 0; t < g.ntmpl; t++)
        sb_release(&g.tmpls[t].text), free(g.tmpls[t].holder);
    free(g.tmpls);
    free(g.units);
    free(g.present);
    free(g.seen);
    free(g.pend);
    sb_release(&g.text);
    sb_release(&g_tmp);
    free(g_toks);
    free(g_entries);
    free(g_pools);
    return 0;
}
