import { defineStrings } from "./define";

/**
 * Tài khoản → Đổi mật khẩu: the user's own password, and the change an
 * administrator's reset forces at the next sign-in. (The rest of the
 * account page's words are in auth.ts.)
 */
export const account = defineStrings(
  {
    "account.password.section": "Mật khẩu",
    "account.password.sectionHelp": "Mật khẩu chỉ bạn biết. Nếu nghi ngờ người khác biết mật khẩu của bạn, hãy đổi ngay.",
    "account.password.link": "Đổi mật khẩu",
    "account.password.title": "Đổi mật khẩu",
    "account.password.back": "Quay lại Tài khoản",
    "account.password.intro":
      "Sau khi đổi, các phiên đăng nhập khác của bạn (trên máy khác, trình duyệt khác) kết thúc ngay, và đường dẫn lịch (ICS) của bạn bị thu hồi; bạn tạo đường dẫn mới ở trang Tài khoản.",
    "account.password.mustChange":
      "Mật khẩu hiện tại của bạn do quản trị viên đặt (khi tạo tài khoản hoặc đặt lại mật khẩu), nên không còn là bí mật của riêng bạn. Vui lòng đặt mật khẩu mới trước khi tiếp tục làm việc.",
    "account.password.current": "Mật khẩu hiện tại",
    "account.password.new": "Mật khẩu mới",
    "account.password.confirm": "Nhập lại mật khẩu mới",
    "account.password.hint":
      "Tối thiểu {min} ký tự. Không dùng mật khẩu phổ biến, mật khẩu mẫu của bản trình diễn, dãy phím liền nhau, hay tên đăng nhập, họ tên của bạn. Một câu ngắn dễ nhớ với bạn là lựa chọn tốt.",
    "account.password.submit": "Đổi mật khẩu",
    "account.password.changed": "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.",
    "account.password.wrongCurrent": "Mật khẩu hiện tại không đúng.",
    "account.password.mismatch": "Hai lần nhập mật khẩu mới không khớp nhau.",
    "account.password.sameAsCurrent": "Mật khẩu mới phải khác mật khẩu hiện tại.",
    "account.password.common": "Mật khẩu này quá phổ biến hoặc dễ đoán (mật khẩu mẫu, dãy phím liền nhau, một từ thông dụng kèm số…). Hãy chọn mật khẩu khác.",
    "account.password.personal": "Mật khẩu không được giống tên đăng nhập, họ tên hoặc địa chỉ thư điện tử của bạn.",
    "account.password.stale": "Mật khẩu của bạn vừa được thay đổi ở nơi khác. Vui lòng nhập lại mật khẩu hiện tại.",
  },
  {
    "account.password.section": "Password",
    "account.password.sectionHelp": "Only you should know your password. If you think someone else knows it, change it now.",
    "account.password.link": "Change password",
    "account.password.title": "Change password",
    "account.password.back": "Back to Account",
    "account.password.intro":
      "Once it is changed, your other sessions (on other computers or browsers) end at once and your calendar (ICS) link is revoked; you make a new link on the Account page.",
    "account.password.mustChange":
      "Your current password was set by an administrator (when the account was created or the password reset), so it is no longer a secret of yours alone. Please choose a new password before you continue.",
    "account.password.current": "Current password",
    "account.password.new": "New password",
    "account.password.confirm": "New password again",
    "account.password.hint":
      "At least {min} characters. Not a common password, the demo's password, a run of keys, or your user name or full name. A short sentence you will remember is a good choice.",
    "account.password.submit": "Change password",
    "account.password.changed": "Your password has been changed. Your other sessions have ended.",
    "account.password.wrongCurrent": "The current password is not correct.",
    "account.password.mismatch": "The two new passwords do not match.",
    "account.password.sameAsCurrent": "The new password must be different from the current one.",
    "account.password.common":
      "This password is too common or too easy to guess (a sample password, a run of keys, a common word with digits…). Please choose another.",
    "account.password.personal": "The password must not be your user name, full name or e-mail address.",
    "account.password.stale": "Your password has just been changed elsewhere. Please enter the current password again.",
  },
);
