// A QuickFIX C++ 1.15 initiator that the acceptance test drives against the gateway's FIX acceptor.
// It logs on, sends NewOrderSingles, forces a sequence gap on its own side so that it must send a ResendRequest,
// checks the resend, and logs out. Every event is printed as one line "EVENT key=value ..." for the test to read.
// With a data dictionary (QuickFIX XML, 8th argument) QuickFIX checks every message it receives against it (fields,
// values in range) and answers a bad one with a Reject, which is printed as "EVENT sent-reject ..."; it then also
// sends requests the gateway refuses (a price off the tick, a cancel and a status request of an unknown order).
// Build: g++ -std=c++11 -O1 -o initiator initiator.cpp -lquickfix -lpthread
#include <quickfix/Application.h>
#include <quickfix/FileStore.h>
#include <quickfix/Log.h>
#include <quickfix/MessageStore.h>
#include <functional>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/SocketInitiator.h>
#include <quickfix/Values.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace {
std::mutex outMutex;
void emit(const std::string& line) {
  std::lock_guard<std::mutex> lock(outMutex);
  std::cout << line << std::endl;
}

std::string field(const FIX::FieldMap& map, int tag) {
  return map.isSetField(tag) ? map.getField(tag) : std::string();
}

class Client : public FIX::Application {
 public:
  std::atomic<bool> loggedOn{false};
  std::atomic<bool> loggedOut{false};
  std::atomic<int> execReports{0};
  std::atomic<int> possDupExecReports{0};
  std::atomic<int> resendRequestsSent{0};
  std::atomic<int> gapFills{0};
  std::atomic<int> cancelRejects{0};

  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID&) override {
    loggedOn = true;
    emit("EVENT logon");
  }
  void onLogout(const FIX::SessionID&) override {
    loggedOut = true;
    emit("EVENT logout");
  }
  void toAdmin(FIX::Message& message, const FIX::SessionID&) override {
    const std::string type = field(message.getHeader(), FIX::FIELD::MsgType);
    if (type == "3") {
      emit("EVENT sent-reject refseq=" + field(message, FIX::FIELD::RefSeqNum) + " tag=" + field(message, FIX::FIELD::RefTagID) +
           " reason=" + field(message, FIX::FIELD::SessionRejectReason) + " text=" + field(message, FIX::FIELD::Text));
    } else if (type == "2") {
      resendRequestsSent++;
      emit("EVENT sent-resend-request begin=" + field(message, FIX::FIELD::BeginSeqNo) + " end=" + field(message, FIX::FIELD::EndSeqNo));
    }
  }
  void fromAdmin(const FIX::Message& message, const FIX::SessionID&)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {
    const std::string type = field(message.getHeader(), FIX::FIELD::MsgType);
    if (type == "4") {
      if (field(message, FIX::FIELD::GapFillFlag) == "Y") gapFills++;
      emit("EVENT recv-sequence-reset seq=" + field(message.getHeader(), FIX::FIELD::MsgSeqNum) + " new=" + field(message, FIX::FIELD::NewSeqNo) +
           " gapfill=" + field(message, FIX::FIELD::GapFillFlag));
    } else if (type == "3") {
      emit("EVENT recv-reject text=" + field(message, FIX::FIELD::Text));
    } else if (type == "5") {
      emit("EVENT recv-logout text=" + field(message, FIX::FIELD::Text));
    }
  }
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) override {}
  void fromApp(const FIX::Message& message, const FIX::SessionID&)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override {
    const std::string type = field(message.getHeader(), FIX::FIELD::MsgType);
    const std::string possDup = field(message.getHeader(), FIX::FIELD::PossDupFlag);
    if (type == "8") {
      execReports++;
      if (possDup == "Y") possDupExecReports++;
    } else if (type == "9") {
      cancelRejects++;
    }
    emit("EVENT recv-app type=" + type + " seq=" + field(message.getHeader(), FIX::FIELD::MsgSeqNum) + " possdup=" + possDup +
         " clordid=" + field(message, FIX::FIELD::ClOrdID) + " exectype=" + field(message, FIX::FIELD::ExecType) +
         " ordstatus=" + field(message, FIX::FIELD::OrdStatus) + " ordrejreason=" + field(message, FIX::FIELD::OrdRejReason) +
         " cxlrejreason=" + field(message, FIX::FIELD::CxlRejReason));
  }
};

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

FIX::Message newOrder(const std::string& beginString, int n, const std::string& symbol) {
  FIX::Message order;
  order.getHeader().setField(FIX::BeginString(beginString));
  order.getHeader().setField(FIX::MsgType("D"));
  order.setField(FIX::ClOrdID("QF-" + std::to_string(n)));
  order.setField(FIX::Symbol(symbol));
  order.setField(FIX::Side(FIX::Side_BUY));
  order.setField(FIX::TransactTime());
  order.setField(FIX::OrdType(FIX::OrdType_LIMIT));
  order.setField(FIX::OrderQty(10));
  order.setField(FIX::Price(100.25));
  order.setField(FIX::TimeInForce(FIX::TimeInForce_DAY));
  if (beginString == "FIX.4.2") order.setField(FIX::HandlInst('1'));
  return order;
}
// An OrderCancelRequest for the buy order `orig` (FIX 4.4 also wants its OrderQty).
FIX::Message cancelRequest(const std::string& beginString, const std::string& orig, const std::string& clOrdId, const std::string& symbol) {
  FIX::Message cancel;
  cancel.getHeader().setField(FIX::MsgType("F"));
  cancel.setField(FIX::OrigClOrdID(orig));
  cancel.setField(FIX::ClOrdID(clOrdId));
  cancel.setField(FIX::Symbol(symbol));
  cancel.setField(FIX::Side(FIX::Side_BUY));
  cancel.setField(FIX::TransactTime());
  if (beginString == "FIX.4.4") cancel.setField(FIX::OrderQty(10));
  return cancel;
}

FIX::Message statusRequest(const std::string& clOrdId, const std::string& symbol, char side) {
  FIX::Message status;
  status.getHeader().setField(FIX::MsgType("H"));
  status.setField(FIX::ClOrdID(clOrdId));
  status.setField(FIX::Symbol(symbol));
  status.setField(FIX::Side(side));
  return status;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::cerr << "usage: initiator HOST PORT BEGINSTRING SENDER TARGET SYMBOL [ORDERS [DICTIONARY.xml]]" << std::endl;
    return 2;
  }
  const std::string host = argv[1], port = argv[2], beginString = argv[3], sender = argv[4], target = argv[5], symbol = argv[6];
  const int orders = argc > 7 ? std::atoi(argv[7]) : 3;
  const std::string dictionary = argc > 8 ? argv[8] : "";
  std::stringstream cfg;
  cfg << "[DEFAULT]\nConnectionType=initiator\nReconnectInterval=1\nHeartBtInt=30\n"
      << (dictionary.empty() ? std::string("UseDataDictionary=N\n") : "UseDataDictionary=Y\nDataDictionary=" + dictionary + "\n")
      << "StartTime=00:00:00\nEndTime=00:00:00\nResetOnLogon=Y\nValidateUserDefinedFields=N\n"
      << "SocketConnectHost=" << host << "\nSocketConnectPort=" << port << "\n"
      << "[SESSION]\nBeginString=" << beginString << "\nSenderCompID=" << sender << "\nTargetCompID=" << target << "\n";
  try {
    FIX::SessionSettings settings(cfg);
    Client client;
    FIX::MemoryStoreFactory store;
    FIX::ScreenLogFactory log(false, false, false);
    FIX::SocketInitiator initiator(client, store, settings, log);
    const FIX::SessionID id(beginString, sender, target);
    initiator.start();
    if (!waitFor([&] { return client.loggedOn.load(); }, 10000)) { emit("EVENT error logon-timeout"); initiator.stop(true); return 1; }
    FIX::Session* session = FIX::Session::lookupSession(id);

    for (int i = 1; i <= orders; i++) {
      FIX::Message order = newOrder(beginString, i, symbol);
      FIX::Session::sendToTarget(order, id);
    }
    if (!waitFor([&] { return client.execReports.load() >= orders; }, 10000)) { emit("EVENT error no-execution-reports"); }
    emit("EVENT execution-reports count=" + std::to_string(client.execReports.load()));

    // Force a gap on our side: pretend we never saw the last few messages, so the next one from the gateway is
    // "too high" and QuickFIX must ask for a resend of the missing range.
    const int expected = session->getExpectedTargetNum();
    const int rewindTo = expected - orders > 1 ? expected - orders : 1;
    session->setNextTargetMsgSeqNum(rewindTo);
    emit("EVENT forced-gap expected=" + std::to_string(expected) + " rewound-to=" + std::to_string(rewindTo));
    FIX::Message testRequest;
    testRequest.getHeader().setField(FIX::MsgType("1"));
    testRequest.setField(FIX::TestReqID("GAP-1"));
    FIX::Session::sendToTarget(testRequest, id);
    const bool resent = waitFor([&] { return client.possDupExecReports.load() >= orders && session->getExpectedTargetNum() > expected; }, 10000);
    emit("EVENT resend possdup-execution-reports=" + std::to_string(client.possDupExecReports.load()) + " gapfills=" + std::to_string(client.gapFills.load()) +
         " expected-now=" + std::to_string(session->getExpectedTargetNum()) + (resent ? " ok" : " incomplete"));

    if (!dictionary.empty()) {
      // Requests the gateway refuses: their answers must pass QuickFIX's checks too.
      const int before = client.execReports.load();
      FIX::Message offTick = newOrder(beginString, orders + 1, symbol);
      offTick.setField(FIX::Price(100.03));
      FIX::Session::sendToTarget(offTick, id);
      FIX::Message cancel = cancelRequest(beginString, "QF-NONE", "QF-X1", symbol);
      FIX::Session::sendToTarget(cancel, id);
      FIX::Message status = statusRequest("QF-NONE", symbol, FIX::Side_SELL);
      FIX::Session::sendToTarget(status, id);
      waitFor([&] { return client.execReports.load() >= before + 2 && client.cancelRejects.load() >= 1; }, 5000);
      emit("EVENT refusals execution-reports=" + std::to_string(client.execReports.load() - before) + " cancel-rejects=" + std::to_string(client.cancelRejects.load()));

      // A sell that fills QF-1 (the session trades with itself: no self-trade prevention asked), then a cancel of
      // QF-1 (too late: filled), a replace of QF-2 to a lower quantity, and a status request of QF-1.
      const int beforeLife = client.execReports.load();
      FIX::Message sell = newOrder(beginString, 0, symbol);
      sell.setField(FIX::ClOrdID("QF-S1"));
      sell.setField(FIX::Side(FIX::Side_SELL));
      FIX::Session::sendToTarget(sell, id);
      FIX::Message late = cancelRequest(beginString, "QF-1", "QF-X2", symbol);
      FIX::Session::sendToTarget(late, id);
      FIX::Message replace = newOrder(beginString, 0, symbol);
      replace.getHeader().setField(FIX::MsgType("G"));
      replace.setField(FIX::OrigClOrdID("QF-2"));
      replace.setField(FIX::ClOrdID("QF-R2"));
      replace.setField(FIX::OrderQty(5));
      FIX::Session::sendToTarget(replace, id);
      FIX::Message filledStatus = statusRequest("QF-1", symbol, FIX::Side_BUY);
      FIX::Session::sendToTarget(filledStatus, id);
      // The sell's New, two fills, the replace, the status report; and the OrderCancelReject.
      waitFor([&] { return client.execReports.load() >= beforeLife + 5 && client.cancelRejects.load() >= 2; }, 5000);
      emit("EVENT life execution-reports=" + std::to_string(client.execReports.load() - beforeLife) + " cancel-rejects=" + std::to_string(client.cancelRejects.load()));
    }

    session->logout("done");
    const bool out = waitFor([&] { return client.loggedOut.load(); }, 10000);
    initiator.stop(!out);
    emit(out ? "EVENT done" : "EVENT error logout-timeout");
    return out && resent ? 0 : 1;
  } catch (std::exception& e) {
    emit(std::string("EVENT error exception ") + e.what());
    return 1;
  }
}
