/**
 * The demo province: Quảng Ninh, as in the 7 April 2023 briefing on digital
 * transformation. People are invented; officials of the article appear only
 * by their titles.
 */
import type { AgencyKind, UserRole } from "../schema";

export interface DemoAgency {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: AgencyKind;
  parent?: string;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  { code: "VP-UBND", nameVi: "Văn phòng UBND tỉnh", nameEn: "Office of the Provincial People's Committee", kind: "office" },
  { code: "CA-TINH", nameVi: "Công an tỉnh", nameEn: "Provincial Police", kind: "police" },
  { code: "STTTT", nameVi: "Sở Thông tin và Truyền thông", nameEn: "Department of Information and Communications", kind: "department" },
  { code: "STNMT", nameVi: "Sở Tài nguyên và Môi trường", nameEn: "Department of Natural Resources and Environment", kind: "department" },
  { code: "SKHDT", nameVi: "Sở Kế hoạch và Đầu tư", nameEn: "Department of Planning and Investment", kind: "department" },
  { code: "STC", nameVi: "Sở Tài chính", nameEn: "Department of Finance", kind: "department" },
  { code: "SNN", nameVi: "Sở Nông nghiệp và Phát triển nông thôn", nameEn: "Department of Agriculture and Rural Development", kind: "department" },
  { code: "SCT", nameVi: "Sở Công Thương", nameEn: "Department of Industry and Trade", kind: "department" },
  { code: "SYT", nameVi: "Sở Y tế", nameEn: "Department of Health", kind: "department" },
  { code: "SGDDT", nameVi: "Sở Giáo dục và Đào tạo", nameEn: "Department of Education and Training", kind: "department" },
  { code: "SNV", nameVi: "Sở Nội vụ", nameEn: "Department of Home Affairs", kind: "department" },
  { code: "STP", nameVi: "Sở Tư pháp", nameEn: "Department of Justice", kind: "department" },
  { code: "SKHCN", nameVi: "Sở Khoa học và Công nghệ", nameEn: "Department of Science and Technology", kind: "department" },
  { code: "SLDTBXH", nameVi: "Sở Lao động - Thương binh và Xã hội", nameEn: "Department of Labour, Invalids and Social Affairs", kind: "department" },
  { code: "SGTVT", nameVi: "Sở Giao thông vận tải", nameEn: "Department of Transport", kind: "department" },
  { code: "SDL", nameVi: "Sở Du lịch", nameEn: "Department of Tourism", kind: "department" },
  { code: "CUC-THUE", nameVi: "Cục Thuế tỉnh", nameEn: "Provincial Tax Department", kind: "sector" },
  { code: "NHNN", nameVi: "Ngân hàng Nhà nước Chi nhánh tỉnh Quảng Ninh", nameEn: "State Bank of Vietnam, Quảng Ninh Branch", kind: "sector" },
  {
    code: "TTPVHCC",
    nameVi: "Trung tâm Phục vụ hành chính công tỉnh",
    nameEn: "Provincial Public Administration Service Centre",
    kind: "office",
    parent: "VP-UBND",
  },
  { code: "HALONG", nameVi: "UBND thành phố Hạ Long", nameEn: "Hạ Long City People's Committee", kind: "district" },
  { code: "CAMPHA", nameVi: "UBND thành phố Cẩm Phả", nameEn: "Cẩm Phả City People's Committee", kind: "district" },
  { code: "UONGBI", nameVi: "UBND thành phố Uông Bí", nameEn: "Uông Bí City People's Committee", kind: "district" },
  { code: "MONGCAI", nameVi: "UBND thành phố Móng Cái", nameEn: "Móng Cái City People's Committee", kind: "district" },
  { code: "DONGTRIEU", nameVi: "UBND thị xã Đông Triều", nameEn: "Đông Triều Town People's Committee", kind: "district" },
  { code: "QUANGYEN", nameVi: "UBND thị xã Quảng Yên", nameEn: "Quảng Yên Town People's Committee", kind: "district" },
  { code: "VANDON", nameVi: "UBND huyện Vân Đồn", nameEn: "Vân Đồn District People's Committee", kind: "district" },
  { code: "TIENYEN", nameVi: "UBND huyện Tiên Yên", nameEn: "Tiên Yên District People's Committee", kind: "district" },
  { code: "DAMHA", nameVi: "UBND huyện Đầm Hà", nameEn: "Đầm Hà District People's Committee", kind: "district" },
  { code: "HAIHA", nameVi: "UBND huyện Hải Hà", nameEn: "Hải Hà District People's Committee", kind: "district" },
  { code: "BINHLIEU", nameVi: "UBND huyện Bình Liêu", nameEn: "Bình Liêu District People's Committee", kind: "district" },
  { code: "BACHE", nameVi: "UBND huyện Ba Chẽ", nameEn: "Ba Chẽ District People's Committee", kind: "district" },
  { code: "COTO", nameVi: "UBND huyện Cô Tô", nameEn: "Cô Tô District People's Committee", kind: "district" },
];

export interface DemoUser {
  username: string;
  fullName: string;
  title: string;
  role: UserRole;
  agency: string | null;
  email: string;
  /** Chair or secretary of the demo series. */
  series?: "chair" | "secretary";
}

/** One password for every demo account, printed at start; change it before real use. */
export const DEMO_PASSWORD = "giaoban2023";

export const DEMO_USERS: DemoUser[] = [
  { username: "quantri", fullName: "Nguyễn Văn Quản", title: "Quản trị hệ thống", role: "admin", agency: "STTTT", email: "quantri@demo.giaoban.vn" },
  {
    username: "chutri",
    fullName: "Trần Minh Chủ",
    title: "Quyền Chủ tịch UBND tỉnh",
    role: "chair",
    agency: null,
    email: "chutri@demo.giaoban.vn",
    series: "chair",
  },
  {
    username: "thuky",
    fullName: "Lê Thị Thư",
    title: "Chuyên viên Văn phòng UBND tỉnh",
    role: "secretary",
    agency: "VP-UBND",
    email: "thuky@demo.giaoban.vn",
    series: "secretary",
  },
  {
    username: "thuky2",
    fullName: "Phạm Văn Ký",
    title: "Phó Chánh Văn phòng UBND tỉnh",
    role: "secretary",
    agency: "VP-UBND",
    email: "thuky2@demo.giaoban.vn",
    series: "secretary",
  },
  {
    username: "ld.tttt",
    fullName: "Hoàng Văn Thông",
    title: "Giám đốc Sở Thông tin và Truyền thông",
    role: "agency_head",
    agency: "STTTT",
    email: "ld.tttt@demo.giaoban.vn",
  },
  {
    username: "cv.tttt",
    fullName: "Đỗ Thị Tin",
    title: "Chuyên viên Sở Thông tin và Truyền thông",
    role: "agency_staff",
    agency: "STTTT",
    email: "cv.tttt@demo.giaoban.vn",
  },
  {
    username: "ld.tnmt",
    fullName: "Vũ Đức Đất",
    title: "Giám đốc Sở Tài nguyên và Môi trường",
    role: "agency_head",
    agency: "STNMT",
    email: "ld.tnmt@demo.giaoban.vn",
  },
  {
    username: "ld.congan",
    fullName: "Bùi Quốc An",
    title: "Phó Giám đốc Công an tỉnh",
    role: "agency_head",
    agency: "CA-TINH",
    email: "ld.congan@demo.giaoban.vn",
  },
  {
    username: "ld.damha",
    fullName: "Ngô Thị Hà",
    title: "Phó Chủ tịch UBND huyện Đầm Hà",
    role: "agency_head",
    agency: "DAMHA",
    email: "ld.damha@demo.giaoban.vn",
  },
  {
    username: "cv.damha",
    fullName: "Đinh Văn Đầm",
    title: "Chuyên viên UBND huyện Đầm Hà",
    role: "agency_staff",
    agency: "DAMHA",
    email: "cv.damha@demo.giaoban.vn",
  },
  { username: "theodoi", fullName: "Mai Thị Dõi", title: "Thanh tra tỉnh", role: "observer", agency: null, email: "theodoi@demo.giaoban.vn" },
];

export const DEMO_SERIES = {
  code: "CDS",
  nameVi: "Giao ban chuyển đổi số hàng tháng",
  nameEn: "Monthly digital transformation briefing",
  issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
  noticeSymbol: "TB-UBND",
};
