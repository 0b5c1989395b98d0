package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.page;
import static dev.iamlocal.server.iam.ApiSupport.requestTags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.auth.MfaCodes;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.MfaDevice;
import dev.iamlocal.store.User;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * IAM's virtual MFA devices: CreateVirtualMFADevice (a random seed, returned once as Base32 and as
 * the QR code of its {@code otpauth://} URI, then kept only sealed: {@link MfaCodes}),
 * EnableMFADevice and ResyncMFADevice (two consecutive RFC 6238 codes), DeactivateMFADevice,
 * DeleteVirtualMFADevice, GetMFADevice, ListMFADevices, ListVirtualMFADevices and the device tags.
 * Each is authorized by the engine on the resource IAM's service reference names: the device
 * ({@code arn:aws:iam::<account>:mfa<path><name>}) for creating, deleting and tagging it, the user
 * for enabling, resyncing, deactivating and listing a user's devices.
 */
final class MfaApi {

  /** The issuer of the otpauth URI, as AWS's QR codes name it in authenticator apps. */
  private static final String ISSUER = "Amazon Web Services";
  private static final int QR_SIZE = 200;

  private final ApiSupport s;
  private final IamStore store;
  private final MfaCodes codes;

  MfaApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
    this.codes = new MfaCodes(s.store, s.clock);
  }

  /** Registers the operations of this family. */
  void register(Map<String, Operation> ops) {
    ops.put("CreateVirtualMFADevice", this::createVirtualMfaDevice);
    ops.put("EnableMFADevice", this::enableMfaDevice);
    ops.put("ResyncMFADevice", this::resyncMfaDevice);
    ops.put("DeactivateMFADevice", this::deactivateMfaDevice);
    ops.put("DeleteVirtualMFADevice", this::deleteVirtualMfaDevice);
    ops.put("GetMFADevice", this::getMfaDevice);
    ops.put("ListMFADevices", this::listMfaDevices);
    ops.put("ListVirtualMFADevices", this::listVirtualMfaDevices);
    ops.put("TagMFADevice", this::tagMfaDevice);
    ops.put("UntagMFADevice", this::untagMfaDevice);
    ops.put("ListMFADeviceTags", this::listMfaDeviceTags);
  }

  /** The codes of this server's devices (STS checks TokenCode with them). */
  MfaCodes codes() {
    return codes;
  }

  ObjectNode createVirtualMfaDevice(OperationInput p, Ctx c) {
    String name = p.required("VirtualMFADeviceName");
    String path = p.get("Path", "/");
    Map<String, String> tags = p.tags();
    String serial = "arn:aws:iam::" + c.acct() + ":mfa" + path + name;
    s.authorize(c, "iam:CreateVirtualMFADevice", serial, requestTags(tags), null);
    MfaCodes.NewSeed seed = codes.newSeed(c.acct(), serial);
    store.mfaDevices().create(c.acct(), path, name, serial, seed.sealed(), tags);
    ObjectNode device = JsonNodes.object().put("SerialNumber", serial)
        // blobs travel Base64-encoded: the SDKs hand the Base32 text and the PNG bytes to the caller
        .put("Base32StringSeed", Base64.getEncoder().encodeToString(seed.base32().getBytes(StandardCharsets.US_ASCII)))
        .put("QRCodePNG", Base64.getEncoder().encodeToString(qrPng(otpauthUri(name + "@" + c.acct(), seed.base32()))));
    if (!tags.isEmpty()) {
      device.set("Tags", JsonNodes.tags(tags));
    }
    return ApiSupport.out("VirtualMFADevice", device);
  }

  ObjectNode enableMfaDevice(OperationInput p, Ctx c) {
    String userName = p.required("UserName");
    String serial = p.required("SerialNumber");
    s.authorize(c, "iam:EnableMFADevice", s.existingUserArn(c, userName), Map.of());
    store.users().getUser(c.acct(), userName);
    MfaDevice d = device(c, serial);
    if (d.assigned()) {
      throw new IamException.EntityAlreadyExists("MFA Device is already in use.");
    }
    MfaCodes.Sync sync = codes.synchronize(d, p.required("AuthenticationCode1"), p.required("AuthenticationCode2"))
        .orElseThrow(MfaApi::invalidCode);
    store.mfaDevices().enable(c.acct(), userName, serial, sync.driftSteps(), sync.lastStep());
    return null;
  }

  ObjectNode resyncMfaDevice(OperationInput p, Ctx c) {
    String userName = p.required("UserName");
    String serial = p.required("SerialNumber");
    s.authorize(c, "iam:ResyncMFADevice", s.existingUserArn(c, userName), Map.of());
    MfaDevice d = deviceOfUser(c, userName, serial);
    MfaCodes.Sync sync = codes.synchronize(d, p.required("AuthenticationCode1"), p.required("AuthenticationCode2"))
        .orElseThrow(MfaApi::invalidCode);
    store.mfaDevices().resync(c.acct(), userName, serial, sync.driftSteps(), sync.lastStep());
    return null;
  }

  ObjectNode deactivateMfaDevice(OperationInput p, Ctx c) {
    String userName = p.required("UserName");
    String serial = p.required("SerialNumber");
    s.authorize(c, "iam:DeactivateMFADevice", s.existingUserArn(c, userName), Map.of());
    store.mfaDevices().deactivate(c.acct(), userName, serial);
    return null;
  }

  ObjectNode deleteVirtualMfaDevice(OperationInput p, Ctx c) {
    String serial = p.required("SerialNumber");
    s.authorize(c, "iam:DeleteVirtualMFADevice", serial, Map.of());
    store.mfaDevices().delete(c.acct(), serial);
    return null;
  }

  ObjectNode getMfaDevice(OperationInput p, Ctx c) {
    String serial = p.required("SerialNumber");
    String userName = ApiSupport.userNameOrCaller(p, c);
    s.authorize(c, "iam:GetMFADevice", userName == null ? rootArn(c) : s.existingUserArn(c, userName), Map.of());
    MfaDevice d = userName == null ? device(c, serial) : deviceOfUser(c, userName, serial);
    if (userName == null) {
      // the root user's own devices: none can be enabled through the API, so none is the root's
      throw new IamException.NoSuchEntity("MFA Device invalid for user.");
    }
    ObjectNode out = JsonNodes.object().put("UserName", userName).put("SerialNumber", d.serialNumber());
    out.set("EnableDate", JsonNodes.time(d.enableDate()));
    return out;
  }

  ObjectNode listMfaDevices(OperationInput p, Ctx c) {
    String userName = ApiSupport.userNameOrCaller(p, c);
    if (userName == null) {
      // the root user without UserName: its own devices, which the API cannot enable (none)
      s.authorize(c, "iam:ListMFADevices", rootArn(c), Map.of());
      return page(List.<MfaDevice>of(), p).into(JsonNodes.object(), "MFADevices", d -> JsonNodes.object());
    }
    s.authorize(c, "iam:ListMFADevices", s.existingUserArn(c, userName), Map.of());
    User u = store.users().getUser(c.acct(), userName);
    return page(store.mfaDevices().devicesOfUser(c.acct(), u.userId()), p).into(JsonNodes.object(), "MFADevices", d -> {
      ObjectNode o = JsonNodes.object().put("UserName", u.name()).put("SerialNumber", d.serialNumber());
      o.set("EnableDate", JsonNodes.time(d.enableDate()));
      return o;
    });
  }

  ObjectNode listVirtualMfaDevices(OperationInput p, Ctx c) {
    String status = p.get("AssignmentStatus", "Any");
    s.authorize(c, "iam:ListVirtualMFADevices", "*", Map.of());
    List<MfaDevice> devices = new ArrayList<>();
    for (MfaDevice d : store.mfaDevices().devices(c.acct())) {
      if (status.equals("Any") || status.equals("Assigned") == d.assigned()) {
        devices.add(d);
      }
    }
    return page(devices, p).into(JsonNodes.object(), "VirtualMFADevices", d -> {
      ObjectNode o = JsonNodes.object().put("SerialNumber", d.serialNumber());
      if (d.assigned()) {
        Optional<User> u = store.users().userById(c.acct(), d.userId());
        u.ifPresent(user -> o.set("User", UsersGroupsApi.user(user, Map.of())));
        o.set("EnableDate", JsonNodes.time(d.enableDate()));
      }
      return o;
    });
  }

  ObjectNode tagMfaDevice(OperationInput p, Ctx c) {
    String serial = p.required("SerialNumber");
    Map<String, String> tags = p.tags();
    if (tags.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint:"
          + " Member must not be null");
    }
    s.authorize(c, "iam:TagMFADevice", serial, requestTags(tags), null);
    store.mfaDevices().tag(c.acct(), serial, tags);
    return null;
  }

  ObjectNode untagMfaDevice(OperationInput p, Ctx c) {
    String serial = p.required("SerialNumber");
    List<String> keys = p.strings("TagKeys");
    s.authorize(c, "iam:UntagMFADevice", serial, RequestContext.builder().putList("aws:TagKeys", keys).build(), null);
    store.mfaDevices().untag(c.acct(), serial, keys);
    return null;
  }

  ObjectNode listMfaDeviceTags(OperationInput p, Ctx c) {
    String serial = p.required("SerialNumber");
    s.authorize(c, "iam:ListMFADeviceTags", serial, Map.of());
    return page(new ArrayList<>(store.mfaDevices().tags(c.acct(), serial).entrySet()), p).into(JsonNodes.object(),
        "Tags", e -> JsonNodes.object().put("Key", e.getKey()).put("Value", e.getValue()));
  }

  // ---------------------------------------------------------------- helpers

  private MfaDevice device(Ctx c, String serial) {
    return store.mfaDevices().device(c.acct(), serial).orElseThrow(() -> new IamException.NoSuchEntity(
        "VirtualMFADevice with serial number " + serial + " does not exist."));
  }

  private MfaDevice deviceOfUser(Ctx c, String userName, String serial) {
    User u = store.users().getUser(c.acct(), userName);
    MfaDevice d = device(c, serial);
    if (!u.userId().equals(d.userId())) {
      throw new IamException.NoSuchEntity("MFA Device invalid for user.");
    }
    return d;
  }

  private static String rootArn(Ctx c) {
    return "arn:aws:iam::" + c.acct() + ":root";
  }

  /** IAM's 403 for codes that are not two consecutive codes of the device. */
  static AwsError invalidCode() {
    return new AwsError(403, "InvalidAuthenticationCode", "Authentication code for device is not valid.");
  }

  /** The Key URI Format of authenticator apps: {@code otpauth://totp/ISSUER:LABEL?secret=…&issuer=…}. */
  static String otpauthUri(String label, String base32Seed) {
    String issuer = URLEncoder.encode(ISSUER, StandardCharsets.UTF_8).replace("+", "%20");
    return "otpauth://totp/" + issuer + ":" + URLEncoder.encode(label, StandardCharsets.UTF_8).replace("+", "%20")
        + "?secret=" + base32Seed + "&issuer=" + issuer;
  }

  /** The QR code of {@code text} as a PNG (ZXing encodes, the JDK's ImageIO writes the image). */
  static byte[] qrPng(String text) {
    try {
      BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, QR_SIZE, QR_SIZE,
          Map.of(EncodeHintType.MARGIN, 2, EncodeHintType.CHARACTER_SET, "UTF-8"));
      BufferedImage img = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
      for (int y = 0; y < m.getHeight(); y++) {
        for (int x = 0; x < m.getWidth(); x++) {
          img.setRGB(x, y, m.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (WriterException | IOException e) {
      throw new IllegalStateException("cannot draw the QR code: " + e.getMessage(), e);
    }
  }
}
