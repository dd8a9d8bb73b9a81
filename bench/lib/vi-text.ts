/**
 * Vietnamese text for the synthetic province: agency names and phrases that
 * combine into titles, descriptions, proposals, conclusions and reports, in
 * the register a People's Committee's office writes in.
 */
import type { Rng } from "./random";

export const DEPARTMENTS: Array<[code: string, vi: string, en: string]> = [
  ["STTTT", "Sở Thông tin và Truyền thông", "Department of Information and Communications"],
  ["STNMT", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"],
  ["SKHDT", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"],
  ["STC", "Sở Tài chính", "Department of Finance"],
  ["SNV", "Sở Nội vụ", "Department of Home Affairs"],
  ["STP", "Sở Tư pháp", "Department of Justice"],
  ["SYT", "Sở Y tế", "Department of Health"],
  ["SGDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training"],
  ["SGTVT", "Sở Giao thông vận tải", "Department of Transport"],
  ["SXD", "Sở Xây dựng", "Department of Construction"],
  ["SCT", "Sở Công Thương", "Department of Industry and Trade"],
  ["SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"],
  ["SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"],
  ["SVHTT", "Sở Văn hóa và Thể thao", "Department of Culture and Sports"],
  ["SDL", "Sở Du lịch", "Department of Tourism"],
  ["SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology"],
  ["CAT", "Công an tỉnh", "Provincial Police"],
  ["VPUBND", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee"],
  ["BQLKKT", "Ban Quản lý Khu kinh tế", "Economic Zone Authority"],
  ["TTHCC", "Trung tâm Phục vụ hành chính công", "Public Administration Service Centre"],
];

const PLACES = [
  "Hạ Long",
  "Cẩm Phả",
  "Uông Bí",
  "Móng Cái",
  "Đông Triều",
  "Quảng Yên",
  "Vân Đồn",
  "Cô Tô",
  "Tiên Yên",
  "Bình Liêu",
  "Đầm Hà",
  "Hải Hà",
  "Ba Chẽ",
  "Hoành Bồ",
  "Yên Hưng",
  "Đông Hải",
  "Tân Lập",
  "Hòa Bình",
  "Quang Trung",
  "Hồng Phong",
  "Thống Nhất",
  "Đoàn Kết",
  "Phú Hải",
  "Đại Yên",
  "Sơn Dương",
  "Lê Lợi",
  "Thanh Sơn",
  "Hải Xuân",
  "Bắc Sơn",
  "Nam Hòa",
];
const PLACES_EN = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");

/** `n` agencies: the departments first, then districts and communes. */
export function agencies(n: number): Array<{ code: string; vi: string; en: string; kind: "department" | "police" | "office" | "district" }> {
  const out: Array<{ code: string; vi: string; en: string; kind: "department" | "police" | "office" | "district" }> = [];
  for (const [code, vi, en] of DEPARTMENTS) {
    if (out.length >= n) break;
    out.push({ code, vi, en, kind: code === "CAT" ? "police" : code === "VPUBND" ? "office" : "department" });
  }
  for (let i = 0; out.length < n; i++) {
    const place = PLACES[i % PLACES.length];
    const round = Math.floor(i / PLACES.length);
    const level =
      round === 0
        ? ["UBND huyện", "People's Committee of"]
        : round === 1
          ? ["UBND thị xã", "People's Committee of town"]
          : ["UBND xã", "People's Committee of commune"];
    const suffix = round > 2 ? ` ${round - 1}` : "";
    out.push({
      code: `DV${String(out.length + 1).padStart(3, "0")}`,
      vi: `${level[0]} ${place}${suffix}`,
      en: `${level[1]} ${PLACES_EN(place)}${suffix}`,
      kind: "district",
    });
  }
  return out;
}

const SUBJECTS = [
  "cổng dịch vụ công trực tuyến",
  "cơ sở dữ liệu đất đai",
  "hệ thống quản lý văn bản và điều hành",
  "chữ ký số cho cán bộ cấp xã",
  "mạng truyền số liệu chuyên dùng",
  "kho dữ liệu dùng chung của tỉnh",
  "hồ sơ sức khỏe điện tử",
  "thanh toán không dùng tiền mặt",
  "học bạ số",
  "định danh điện tử VNeID",
  "trung tâm điều hành thông minh",
  "camera giám sát giao thông",
  "hệ thống thông tin giải quyết thủ tục hành chính",
  "số hóa hồ sơ hộ tịch",
  "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
  "an toàn thông tin mạng",
  "hạ tầng cáp quang đến thôn bản",
  "sàn thương mại điện tử nông sản",
  "bản đồ số quy hoạch",
  "cấp phép xây dựng trực tuyến",
  "quản lý tàu cá bằng thiết bị giám sát hành trình",
  "dữ liệu dân cư",
  "phần mềm một cửa điện tử",
  "bệnh án điện tử",
  "trường học thông minh",
  "du lịch thông minh",
  "phản ánh hiện trường",
  "kết nối liên thông đăng ký khai sinh",
];
const PROBLEMS = [
  "chưa được triển khai đồng bộ",
  "chậm tiến độ so với kế hoạch",
  "thiếu kinh phí thực hiện",
  "chưa có hướng dẫn kỹ thuật",
  "đường truyền chưa ổn định",
  "thiếu nhân lực có chuyên môn",
  "dữ liệu chưa được chuẩn hóa",
  "chưa kết nối với hệ thống của Bộ",
  "tỷ lệ hồ sơ trực tuyến toàn trình còn thấp",
  "vướng mắc về thủ tục đầu tư",
  "chưa bố trí được mặt bằng",
  "người dân chưa quen sử dụng",
];
const ACTIONS = [
  "Khẩn trương hoàn thành",
  "Chủ trì, phối hợp triển khai",
  "Rà soát, báo cáo",
  "Tham mưu UBND tỉnh ban hành kế hoạch",
  "Đôn đốc các đơn vị hoàn thiện",
  "Tổ chức tập huấn về",
  "Bố trí kinh phí cho",
  "Xây dựng phương án nâng cấp",
  "Kiểm tra, đánh giá hiệu quả",
  "Tổng hợp khó khăn, vướng mắc về",
  "Đẩy nhanh tiến độ",
  "Hướng dẫn các địa phương thực hiện",
];
const RESULTS = [
  "Báo cáo kết quả bằng văn bản gửi Văn phòng UBND tỉnh.",
  "Hệ thống vận hành chính thức, có biên bản nghiệm thu.",
  "Kế hoạch được phê duyệt và công bố.",
  "100 % cán bộ được tập huấn, có danh sách kèm theo.",
  "Dữ liệu được cập nhật đầy đủ, đúng chuẩn.",
  "Tỷ lệ hồ sơ trực tuyến đạt trên 80 %.",
];
const PROGRESS = [
  "Đã hoàn thành khảo sát hiện trạng, đang xây dựng dự toán.",
  "Đã ký hợp đồng với nhà thầu, đang triển khai lắp đặt thiết bị.",
  "Đã tổ chức tập huấn cho cán bộ các xã, phường.",
  "Đang chờ ý kiến thẩm định của Sở Tài chính.",
  "Đã cập nhật trên 60 % dữ liệu, phấn đấu hoàn thành đúng hạn.",
  "Gặp khó khăn về đường truyền tại các xã vùng cao, đã báo cáo Sở Thông tin và Truyền thông.",
  "Đã chạy thử nghiệm, đang khắc phục lỗi phát sinh.",
  "Đã trình UBND tỉnh dự thảo kế hoạch.",
];
const PROPOSALS = [
  "Đề nghị UBND tỉnh bố trí bổ sung kinh phí từ nguồn ngân sách tỉnh.",
  "Đề nghị Sở Thông tin và Truyền thông hỗ trợ kỹ thuật.",
  "Đề nghị cho phép gia hạn thời gian thực hiện.",
  "Đề nghị Sở Tài chính sớm thẩm định dự toán.",
  "Đề nghị các Sở, ngành liên quan phối hợp chia sẻ dữ liệu.",
  "Kiến nghị Bộ ngành Trung ương hướng dẫn thống nhất.",
];

export const text = (r: Rng) => ({
  subject: () => r.pick(SUBJECTS),
  blockerTitle: (place: string) => `${capitalise(r.pick(SUBJECTS))} tại ${place} ${r.pick(PROBLEMS)}`,
  blockerDescription: () => `${capitalise(r.pick(SUBJECTS))} ${r.pick(PROBLEMS)}. ${r.pick(PROGRESS)} ${capitalise(r.pick(SUBJECTS))} ${r.pick(PROBLEMS)}.`,
  proposal: () => r.pick(PROPOSALS),
  taskTitle: () => `${r.pick(ACTIONS)} ${r.pick(SUBJECTS)}`,
  taskDescription: () => `${r.pick(ACTIONS)} ${r.pick(SUBJECTS)}; ${r.pick(ACTIONS).toLowerCase()} ${r.pick(SUBJECTS)}.`,
  result: () => r.pick(RESULTS),
  progress: () => r.pick(PROGRESS),
  conclusion: (agency: string) =>
    `Giao ${agency} ${r.pick(ACTIONS).toLowerCase()} ${r.pick(SUBJECTS)}. ${r.pick(PROPOSALS).replace("Đề nghị", "Yêu cầu")} ${r.pick(RESULTS)}`,
  reason: () => `${capitalise(r.pick(SUBJECTS))} ${r.pick(PROBLEMS)}.`,
});

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
