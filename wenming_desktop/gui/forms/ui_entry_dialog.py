# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'entry_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from wenming_desktop.gui.attachment_list import AttachmentList

class Ui_EntryDialog(object):
    def setupUi(self, EntryDialog):
        if not EntryDialog.objectName():
            EntryDialog.setObjectName(u"EntryDialog")
        EntryDialog.resize(720, 640)
        self.mainLayout = QVBoxLayout(EntryDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formScroll = QScrollArea(EntryDialog)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.formScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.formScroll.setWidgetResizable(True)
        self.formPage = QWidget()
        self.formPage.setObjectName(u"formPage")
        self.pageLayout = QVBoxLayout(self.formPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.areaLabel = QLabel(self.formPage)
        self.areaLabel.setObjectName(u"areaLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.areaLabel)

        self.areaCombo = QComboBox(self.formPage)
        self.areaCombo.setObjectName(u"areaCombo")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.areaCombo)

        self.dateLabel = QLabel(self.formPage)
        self.dateLabel.setObjectName(u"dateLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.dateRow = QHBoxLayout()
        self.dateRow.setObjectName(u"dateRow")
        self.dateEdit = QLineEdit(self.formPage)
        self.dateEdit.setObjectName(u"dateEdit")
        self.dateEdit.setMinimumWidth(150)
        self.dateEdit.setMaximumWidth(190)

        self.dateRow.addWidget(self.dateEdit)

        self.endDateCheck = QCheckBox(self.formPage)
        self.endDateCheck.setObjectName(u"endDateCheck")

        self.dateRow.addWidget(self.endDateCheck)

        self.endDateEdit = QLineEdit(self.formPage)
        self.endDateEdit.setObjectName(u"endDateEdit")
        self.endDateEdit.setEnabled(False)
        self.endDateEdit.setMinimumWidth(150)
        self.endDateEdit.setMaximumWidth(190)

        self.dateRow.addWidget(self.endDateEdit)

        self.dateSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dateRow.addItem(self.dateSpacer)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.dateRow)

        self.nameLabel = QLabel(self.formPage)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(self.formPage)
        self.nameEdit.setObjectName(u"nameEdit")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.kindLabel = QLabel(self.formPage)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(self.formPage)
        self.kindCombo.setObjectName(u"kindCombo")
        self.kindCombo.setEditable(True)
        self.kindCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.locationLabel = QLabel(self.formPage)
        self.locationLabel.setObjectName(u"locationLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.locationLabel)

        self.locationEdit = QLineEdit(self.formPage)
        self.locationEdit.setObjectName(u"locationEdit")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.locationEdit)

        self.organizerLabel = QLabel(self.formPage)
        self.organizerLabel.setObjectName(u"organizerLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.organizerLabel)

        self.organizerEdit = QLineEdit(self.formPage)
        self.organizerEdit.setObjectName(u"organizerEdit")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.organizerEdit)

        self.participantsLabel = QLabel(self.formPage)
        self.participantsLabel.setObjectName(u"participantsLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.participantsLabel)

        self.numbersRow = QHBoxLayout()
        self.numbersRow.setObjectName(u"numbersRow")
        self.participantsEdit = QLineEdit(self.formPage)
        self.participantsEdit.setObjectName(u"participantsEdit")
        self.participantsEdit.setMaximumWidth(140)

        self.numbersRow.addWidget(self.participantsEdit)

        self.hoursLabel = QLabel(self.formPage)
        self.hoursLabel.setObjectName(u"hoursLabel")

        self.numbersRow.addWidget(self.hoursLabel)

        self.hoursEdit = QLineEdit(self.formPage)
        self.hoursEdit.setObjectName(u"hoursEdit")
        self.hoursEdit.setMaximumWidth(140)

        self.numbersRow.addWidget(self.hoursEdit)

        self.numbersSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.numbersRow.addItem(self.numbersSpacer)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.numbersRow)

        self.contentLabel = QLabel(self.formPage)
        self.contentLabel.setObjectName(u"contentLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.contentLabel)

        self.contentEdit = QPlainTextEdit(self.formPage)
        self.contentEdit.setObjectName(u"contentEdit")
        self.contentEdit.setMinimumSize(QSize(0, 60))
        self.contentEdit.setTabChangesFocus(True)

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.contentEdit)

        self.remarksLabel = QLabel(self.formPage)
        self.remarksLabel.setObjectName(u"remarksLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.remarksLabel)

        self.remarksEdit = QPlainTextEdit(self.formPage)
        self.remarksEdit.setObjectName(u"remarksEdit")
        self.remarksEdit.setMinimumSize(QSize(0, 44))
        self.remarksEdit.setTabChangesFocus(True)
        self.remarksEdit.setMaximumHeight(90)

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.remarksEdit)


        self.pageLayout.addLayout(self.form)

        self.attachmentsBox = QGroupBox(self.formPage)
        self.attachmentsBox.setObjectName(u"attachmentsBox")
        self.attachmentsLayout = QHBoxLayout(self.attachmentsBox)
        self.attachmentsLayout.setObjectName(u"attachmentsLayout")
        self.attachmentList = AttachmentList(self.attachmentsBox)
        self.attachmentList.setObjectName(u"attachmentList")
        self.attachmentList.setMinimumSize(QSize(0, 60))
        self.attachmentList.setMaximumHeight(150)

        self.attachmentsLayout.addWidget(self.attachmentList)

        self.attachmentButtons = QVBoxLayout()
        self.attachmentButtons.setObjectName(u"attachmentButtons")
        self.addAttachmentButton = QPushButton(self.attachmentsBox)
        self.addAttachmentButton.setObjectName(u"addAttachmentButton")

        self.attachmentButtons.addWidget(self.addAttachmentButton)

        self.openAttachmentButton = QPushButton(self.attachmentsBox)
        self.openAttachmentButton.setObjectName(u"openAttachmentButton")

        self.attachmentButtons.addWidget(self.openAttachmentButton)

        self.removeAttachmentButton = QPushButton(self.attachmentsBox)
        self.removeAttachmentButton.setObjectName(u"removeAttachmentButton")

        self.attachmentButtons.addWidget(self.removeAttachmentButton)

        self.attachmentSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.attachmentButtons.addItem(self.attachmentSpacer)


        self.attachmentsLayout.addLayout(self.attachmentButtons)


        self.pageLayout.addWidget(self.attachmentsBox)

        self.formScroll.setWidget(self.formPage)

        self.mainLayout.addWidget(self.formScroll)

        self.problemLabel = QLabel(EntryDialog)
        self.problemLabel.setObjectName(u"problemLabel")
        self.problemLabel.setWordWrap(True)
        self.problemLabel.setVisible(False)
        self.problemLabel.setStyleSheet(u"color: #b00020; padding: 4px;")

        self.mainLayout.addWidget(self.problemLabel)

        self.buttonsRow = QHBoxLayout()
        self.buttonsRow.setObjectName(u"buttonsRow")
        self.keysHint = QLabel(EntryDialog)
        self.keysHint.setObjectName(u"keysHint")
        self.keysHint.setStyleSheet(u"color: #5f6b78;")

        self.buttonsRow.addWidget(self.keysHint)

        self.buttonBox = QDialogButtonBox(EntryDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.buttonsRow.addWidget(self.buttonBox)


        self.mainLayout.addLayout(self.buttonsRow)

#if QT_CONFIG(shortcut)
        self.areaLabel.setBuddy(self.areaCombo)
        self.dateLabel.setBuddy(self.dateEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.locationLabel.setBuddy(self.locationEdit)
        self.organizerLabel.setBuddy(self.organizerEdit)
        self.participantsLabel.setBuddy(self.participantsEdit)
        self.hoursLabel.setBuddy(self.hoursEdit)
        self.contentLabel.setBuddy(self.contentEdit)
        self.remarksLabel.setBuddy(self.remarksEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.areaCombo, self.dateEdit)
        QWidget.setTabOrder(self.dateEdit, self.endDateCheck)
        QWidget.setTabOrder(self.endDateCheck, self.endDateEdit)
        QWidget.setTabOrder(self.endDateEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.locationEdit)
        QWidget.setTabOrder(self.locationEdit, self.organizerEdit)
        QWidget.setTabOrder(self.organizerEdit, self.participantsEdit)
        QWidget.setTabOrder(self.participantsEdit, self.hoursEdit)
        QWidget.setTabOrder(self.hoursEdit, self.contentEdit)
        QWidget.setTabOrder(self.contentEdit, self.remarksEdit)

        self.retranslateUi(EntryDialog)

        QMetaObject.connectSlotsByName(EntryDialog)
    # setupUi

    def retranslateUi(self, EntryDialog):
        EntryDialog.setWindowTitle(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u8bb0\u5f55", None))
        self.areaLabel.setText(QCoreApplication.translate("EntryDialog", u"\u5de5\u4f5c\u677f\u5757", None))
        self.dateLabel.setText(QCoreApplication.translate("EntryDialog", u"\u65e5\u671f *", None))
        self.dateEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u4f8b\u5982 2019-03-05", None))
        self.endDateCheck.setText(QCoreApplication.translate("EntryDialog", u"\u81f3", None))
#if QT_CONFIG(tooltip)
        self.endDateCheck.setToolTip(QCoreApplication.translate("EntryDialog", u"\u591a\u65e5\u6d3b\u52a8\uff1a\u52fe\u9009\u540e\u586b\u5199\u7ed3\u675f\u65e5\u671f", None))
#endif // QT_CONFIG(tooltip)
        self.endDateEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u7ed3\u675f\u65e5\u671f", None))
        self.nameLabel.setText(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u540d\u79f0 *", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u4f8b\u5982\uff1a\u53ec\u5f00\u7cbe\u795e\u6587\u660e\u5efa\u8bbe\u4e13\u9898\u4f1a\u8bae", None))
        self.kindLabel.setText(QCoreApplication.translate("EntryDialog", u"\u7c7b\u578b", None))
        self.locationLabel.setText(QCoreApplication.translate("EntryDialog", u"\u5730\u70b9", None))
        self.organizerLabel.setText(QCoreApplication.translate("EntryDialog", u"\u8d1f\u8d23\u4eba/\u7ec4\u7ec7\u90e8\u95e8", None))
        self.participantsLabel.setText(QCoreApplication.translate("EntryDialog", u"\u53c2\u52a0\u4eba\u6570\uff08\u4eba\u6b21\uff09", None))
        self.participantsEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u53ef\u4e0d\u586b", None))
        self.hoursLabel.setText(QCoreApplication.translate("EntryDialog", u"\u5fd7\u613f\u670d\u52a1\u65f6\u957f\uff08\u5c0f\u65f6\uff09", None))
        self.hoursEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u53ef\u4e0d\u586b", None))
        self.contentLabel.setText(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u5185\u5bb9", None))
        self.contentEdit.setPlaceholderText(QCoreApplication.translate("EntryDialog", u"\u6d3b\u52a8\u7684\u4e3b\u8981\u5185\u5bb9\uff0c\u53ef\u76f4\u63a5\u7528\u4e8e\u5e74\u5ea6\u603b\u7ed3", None))
        self.remarksLabel.setText(QCoreApplication.translate("EntryDialog", u"\u6210\u6548/\u5907\u6ce8", None))
        self.attachmentsBox.setTitle(QCoreApplication.translate("EntryDialog", u"\u9644\u4ef6\uff08\u7167\u7247\u3001\u7b7e\u5230\u8868\u3001\u901a\u77e5\u7b49\uff0c\u53ef\u62d6\u5165\u6b64\u5904\uff09", None))
        self.addAttachmentButton.setText(QCoreApplication.translate("EntryDialog", u"\u6dfb\u52a0\u2026", None))
        self.openAttachmentButton.setText(QCoreApplication.translate("EntryDialog", u"\u6253\u5f00", None))
        self.removeAttachmentButton.setText(QCoreApplication.translate("EntryDialog", u"\u79fb\u9664", None))
        self.keysHint.setText(QCoreApplication.translate("EntryDialog", u"\u6309\u56de\u8f66\u952e\u8df3\u5230\u4e0b\u4e00\u9879\uff0c\u6309 Ctrl+\u56de\u8f66\u952e\u4fdd\u5b58", None))
    # retranslateUi

