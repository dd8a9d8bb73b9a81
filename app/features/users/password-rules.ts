/**
 * Which passwords are too easy to guess, whoever sets them (the user or an
 * administrator). Pure: a password and the words personal to its owner in,
 * a reason out. Length is the schema's (MIN_PASSWORD_LENGTH); this adds
 * what length alone lets through — "password123", "giaoban2023" (the demo's),
 * "qwertyuiop", the user's own name — in the spirit of NIST SP 800-63B:
 * no composition rules, a list of known-bad choices instead.
 *
 * Every comparison is on a folded form: lower case, Vietnamese diacritics and
 * đ removed, separators dropped ("Giao-Bán@2023" is "giaoban2023"), and
 * again with the usual letter-for-symbol swaps undone ("P@ssw0rd" is
 * "password"). A password is refused when that form, or its core without
 * leading and trailing digits ("matkhau" in "matkhau12345"), is a common
 * password or word, a keyboard or alphabet run, one short unit repeated, or
 * the owner's user name, full name or e-mail name.
 */

export type PasswordWeakness = "common" | "personal";

/**
 * The most frequent passwords and the words they are built from (the top
 * of the public breach lists, without the vulgar ones), plus what people
 * here choose: Vietnamese words, places, this app and its demo password.
 * Stored folded (see `fold`), so each entry also stands for its variants.
 */
const COMMON_LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon
123123 baseball abc123 football monkey letmein 696969 shadow master 666666
qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212
000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter
buster soccer harley batman andrew tigger sunshine iloveyou charlie robert
thomas hockey ranger daniel starwars klaster 112233 george computer michelle
jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass
maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love
ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin
thunder taylor matrix william corvette hello martin heather secret merlin
diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test
bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick
phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea
smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo
spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo
bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche
lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee
scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother forever
johnny edward 333333 oliver redsox player nikita knight fender barney midnight
please brandy chicago badboy slayer rangers charles angel flower bigdaddy
rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha
1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper
james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321
golden 8675309 8888 blowme sophie ladies qwe123 bond007 benjamin 101010
rainbow 123abc password1 password12 password123 passw0rd p4ssword qwerty123
qwerty1 1q2w3e 1q2w3e4r5t zaq12wsx abcd1234 a123456 123456a aa123456 abc12345
admin administrator root user guest login changeme default sample demo
test123 testing temp temp123 secret123 welcome1 welcome123 letmein1
iloveyou1 princess1 sunshine1 football1 monkey1 charlie1 shadow1 master1
starwars1 whatever1 trustno11 superman1 batman1 dragon1 baseball1 hello123
loveyou lovely myspace1 fuckyou1 babygirl angel1 jesus christ blessed
abc abcd abcde abcdef qwe qwer asd asdf zxc zxcv aaa aaaa qaz wsx
matkhau matkhau1 matkhau123 mk123456 anhyeuem emyeuanh yeuem yeuanh
anhyeu emyeu iloveu yeuemnhieu maimaiyeuem teamo vietnam vietnam123 hanoi
saigon hochiminh danang haiphong quangninh halong camau cantho hue nhatrang
dalat vungtau bienhoa nguyen tran pham hoang huynh phan dang bui ngo duong
hoangyen thuytien hoanganh ngocanh minhanh tuananh ducanh hung dung tuan
long linh trang huong thao huyen ngoc mai lan hoa thu hang
giaoban giaobanhangthang ubnd ubndtinh uyban uybannhandan sothongtin
chuyendoiso chinhquyenso vanphong vanthu quantri quantrivien chutri thuky
theodoi lanhdao chuyenvien canbo congchuc congan nhanvien
`;

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

/** Separators and symbols out: what is left of a password once its punctuation is ignored. */
const skeleton = (s: string) => fold(s).replace(/[^a-z0-9]/g, "");

const LEET: Record<string, string> = { "@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", $: "s", "5": "s", "7": "t" };
/** The usual symbol-for-letter swaps undone, inside the word only (trailing digits stay digits). */
function unleet(s: string): string {
  const f = fold(s);
  const m = /^([^a-z]*)(.*?)([^a-z]*)$/.exec(f)!;
  return skeleton(m[1] + m[2].replace(/[@43!10$57]/g, (c) => LEET[c] ?? c) + m[3]);
}

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(COMMON_LIST.split(/\s+/).filter(Boolean).map(skeleton));

/** Keyboard rows and columns, the alphabet and the digits: a password that is a stretch of one (either way) is a run. */
const RUNS = [
  "01234567890123456789",
  "abcdefghijklmnopqrstuvwxyz",
  "qwertyuiopasdfghjklzxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "qazwsxedcrfvtgbyhnujmikolp",
  "1q2w3e4r5t6y7u8i9o0p",
  "zaq1xsw2cde3vfr4bgt5nhy6mju7",
  "q1w2e3r4t5y6u7i8o9p0",
];
const REVERSED_RUNS = RUNS.map((r) => [...r].reverse().join(""));

function isRun(s: string): boolean {
  return s.length >= 3 && (RUNS.some((r) => r.includes(s)) || REVERSED_RUNS.some((r) => r.includes(s)));
}

/** One unit said again and again: "aaaaaaaaaa", "abcabcabc", "matkhaumatkhau". */
function isRepeat(s: string): boolean {
  for (let unit = 1; unit <= s.length / 2; unit++) {
    if (s.length % unit === 0 && s.slice(0, unit).repeat(s.length / unit) === s) return true;
  }
  return false;
}

/** The password with leading and trailing digits off: the word people decorate. */
const core = (s: string) => s.replace(/^\d+/, "").replace(/\d+$/, "");

function forms(password: string): string[] {
  const plain = skeleton(password);
  const swapped = unleet(password);
  return [...new Set([plain, core(plain), swapped, core(swapped)])].filter((f) => f.length > 0);
}

/**
 * Why a password is too easy to guess, or null. `personal` holds what an
 * attacker knows of the owner: user name, full name, e-mail address.
 */
export function passwordWeakness(password: string, personal: ReadonlyArray<string | null>): PasswordWeakness | null {
  const candidates = forms(password);
  const own = new Set(
    personal
      .filter((p): p is string => typeof p === "string" && p.length > 0)
      .flatMap((p) => [p, p.split("@")[0]])
      .map(skeleton)
      .filter((p) => p.length >= 3),
  );
  if (candidates.some((c) => own.has(c))) return "personal";
  if (candidates.some((c) => COMMON_PASSWORDS.has(c) || isRun(c) || isRepeat(c))) return "common";
  return null;
}
