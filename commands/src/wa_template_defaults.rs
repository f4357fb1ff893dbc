//! The templates Tagih ships: Indonesian and English for every category, seeded at first
//! start (an ISP's edits are never overwritten). WhatsApp renders `*bold*`.

use tagih_aggregates::message_template::{Language, TemplateCategory as C};

pub fn default_body(category: C, language: Language) -> &'static str {
    match language {
        Language::Id => indonesian(category),
        Language::En => english(category),
    }
}

fn indonesian(category: C) -> &'static str {
    match category {
        C::Welcome => {
            "Halo {{ customer.name }}, selamat bergabung di *{{ isp.name }}*!\n\
             Akun internet Anda: *{{ service.username }}*{% if service.profile %} (paket {{ service.profile }}){% endif %}.\n\
             {% if service.expiry %}Aktif sampai {{ service.expiry | tanggal }}.{% endif %}"
        }
        C::Invoice => {
            "Halo {{ customer.name }}, tagihan *{{ invoice.number }}* sebesar *{{ invoice.amount | rupiah }}* \
             jatuh tempo {{ invoice.due | tanggal }}.\n\
             {% for line in invoice.lines %}- {{ line.description }}: {{ line.amount | rupiah }}\n{% endfor %}\
             {% if payment.url %}Bayar online: {{ payment.url }}{% endif %}"
        }
        C::Payment => {
            "Terima kasih {{ customer.name }}, pembayaran *{{ payment.amount | rupiah }}* \
             {% if invoice.number %}untuk {{ invoice.number }} {% endif %}sudah kami terima\
             {% if payment.paid_at %} pada {{ payment.paid_at | tanggal('datetime') }}{% endif %}.\
             {% if payment.receipt_url %}\nKuitansi: {{ payment.receipt_url }}{% endif %}"
        }
        C::ExpiryReminder => {
            "Halo {{ customer.name }}, tagihan *{{ invoice.number }}* sebesar *{{ invoice.outstanding | rupiah }}* \
             jatuh tempo {% if days_left == 1 %}besok{% else %}dalam {{ days_left }} hari{% endif %} \
             ({{ invoice.due | tanggal }}). Mohon dibayar agar layanan tetap aktif.\
             {% if payment.url %}\nBayar online: {{ payment.url }}{% endif %}"
        }
        C::Overdue => {
            "Halo {{ customer.name }}, tagihan *{{ invoice.number }}* sebesar *{{ invoice.outstanding | rupiah }}* \
             sudah lewat jatuh tempo ({{ invoice.due | tanggal }}). Segera lakukan pembayaran agar layanan \
             tidak diputus.{% if payment.url %}\nBayar online: {{ payment.url }}{% endif %}"
        }
        C::Expired => {
            "Halo {{ customer.name }}, layanan internet *{{ service.username }}* telah dinonaktifkan karena \
             masa aktif berakhir{% if service.expiry %} pada {{ service.expiry | tanggal }}{% endif %}. \
             Silakan lakukan pembayaran untuk mengaktifkan kembali."
        }
        C::Renewal => {
            "Halo {{ customer.name }}, layanan *{{ service.username }}* aktif kembali\
             {% if service.expiry %} sampai {{ service.expiry | tanggal }}{% endif %}. Terima kasih!"
        }
        C::Support => {
            "Halo {{ customer.name }}, ini pesan dari tim *{{ isp.name }}*. \
             Butuh bantuan? Hubungi kami di {{ isp.phone }}."
        }
    }
}

fn english(category: C) -> &'static str {
    match category {
        C::Welcome => {
            "Hello {{ customer.name }}, welcome to *{{ isp.name }}*!\n\
             Your internet account: *{{ service.username }}*{% if service.profile %} (plan {{ service.profile }}){% endif %}.\n\
             {% if service.expiry %}Active until {{ service.expiry | date }}.{% endif %}"
        }
        C::Invoice => {
            "Hello {{ customer.name }}, invoice *{{ invoice.number }}* for *{{ invoice.amount | rupiah }}* \
             is due on {{ invoice.due | date }}.\n\
             {% for line in invoice.lines %}- {{ line.description }}: {{ line.amount | rupiah }}\n{% endfor %}\
             {% if payment.url %}Pay online: {{ payment.url }}{% endif %}"
        }
        C::Payment => {
            "Thank you {{ customer.name }}, we received your payment of *{{ payment.amount | rupiah }}*\
             {% if invoice.number %} for {{ invoice.number }}{% endif %}\
             {% if payment.paid_at %} on {{ payment.paid_at | date('datetime') }}{% endif %}.\
             {% if payment.receipt_url %}\nReceipt: {{ payment.receipt_url }}{% endif %}"
        }
        C::ExpiryReminder => {
            "Hello {{ customer.name }}, invoice *{{ invoice.number }}* for *{{ invoice.outstanding | rupiah }}* \
             is due {% if days_left == 1 %}tomorrow{% else %}in {{ days_left }} days{% endif %} \
             ({{ invoice.due | date }}). Please pay to keep your service active.\
             {% if payment.url %}\nPay online: {{ payment.url }}{% endif %}"
        }
        C::Overdue => {
            "Hello {{ customer.name }}, invoice *{{ invoice.number }}* for *{{ invoice.outstanding | rupiah }}* \
             is past due ({{ invoice.due | date }}). Please pay now to avoid disconnection.\
             {% if payment.url %}\nPay online: {{ payment.url }}{% endif %}"
        }
        C::Expired => {
            "Hello {{ customer.name }}, internet service *{{ service.username }}* has been disabled because \
             it expired{% if service.expiry %} on {{ service.expiry | date }}{% endif %}. \
             Please pay to have it re-enabled."
        }
        C::Renewal => {
            "Hello {{ customer.name }}, service *{{ service.username }}* is active again\
             {% if service.expiry %} until {{ service.expiry | date }}{% endif %}. Thank you!"
        }
        C::Support => {
            "Hello {{ customer.name }}, this is the *{{ isp.name }}* team. \
             Need help? Contact us at {{ isp.phone }}."
        }
    }
}
