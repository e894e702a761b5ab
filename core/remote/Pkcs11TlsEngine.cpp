#include "core/remote/Pkcs11TlsEngine.h"

#include <mutex>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/ui.h>

namespace cms::core::remote {

namespace {

std::mutex g_mutex;
ENGINE* g_engine = nullptr; // one functional reference, held for the process lifetime
std::filesystem::path g_module;

std::string openSslErrors()
{
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text += text.empty() ? "" : "; ";
        text += buffer;
    }
    return text;
}

Result<void> loadEngine(const std::filesystem::path& module)
{
    ENGINE* engine = ENGINE_by_id("pkcs11");
    if (engine == nullptr) {
        return fail(ErrorCode::TokenFailure,
                    "The smart-card support for secure connections (OpenSSL pkcs11 engine) is not installed.",
                    openSslErrors());
    }
    const bool configured =
        ENGINE_ctrl_cmd_string(engine, "MODULE_PATH", module.c_str(), 0) == 1
        && ENGINE_ctrl_cmd(engine, "SET_USER_INTERFACE", 0, const_cast<UI_METHOD*>(UI_null()), nullptr, 0) == 1;
    if (!configured || ENGINE_init(engine) != 1) {
        const std::string detail = openSslErrors();
        ENGINE_free(engine);
        return fail(ErrorCode::TokenFailure, "The smart-card support for secure connections cannot start.", detail);
    }
    // Keep the functional reference; drop the structural one ENGINE_by_id gave.
    ENGINE_free(engine);
    g_engine = engine;
    g_module = module;
    return {};
}

} // namespace

Result<void> Pkcs11TlsEngine::prepare(const std::filesystem::path& module, const SecureBuffer& pin)
{
    const std::lock_guard lock(g_mutex);
    if (g_engine == nullptr) {
        if (auto loaded = loadEngine(module); !loaded) {
            return loaded;
        }
    } else if (g_module != module) {
        return fail(ErrorCode::Config,
                    "The PKCS#11 module changed while the application runs; restart the application.",
                    "engine bound to " + g_module.string());
    }
    if (ENGINE_ctrl_cmd_string(g_engine, "PIN", pin.c_str(), 0) != 1) {
        return fail(ErrorCode::TokenFailure, "The PIN could not be handed to the secure connection.", openSslErrors());
    }
    return {};
}

void Pkcs11TlsEngine::forgetPin()
{
    const std::lock_guard lock(g_mutex);
    if (g_engine != nullptr) {
        // libp11 wipes the PIN it held when a new one is set.
        ENGINE_ctrl_cmd_string(g_engine, "PIN", "", 0);
        ERR_clear_error();
    }
}

} // namespace cms::core::remote
